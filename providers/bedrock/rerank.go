package bedrock

import (
	"context"
	"fmt"
	"net/http"
)

// The agent runtime's Rerank operation, and the IAM action it needs. The
// agent runtime signs as service "bedrock", like the runtime; calling it
// also needs bedrock:InvokeModel on the reranking model.
const (
	OpRerank     = "rerank"
	actionRerank = "bedrock:Rerank" // bedrockruntime.OperationRerank
)

// Rerank POSTs a Rerank API body to {agent endpoint}/rerank; modelARN,
// the model the body names, is for the log and errors. The contract is
// Converse's: a 2xx answer to read and close, an *APIError naming
// bedrock:Rerank for any other status, a *CredentialsError, or a wrapped
// transport or context error.
func (a *Account) Rerank(ctx context.Context, modelARN string, body []byte) (*http.Response, error) {
	if a.client == nil {
		return nil, fmt.Errorf("bedrock account %q: not provisioned", a.name)
	}
	req, err := a.newRequest(ctx, a.agent.url, hdrJSON, body)
	if err != nil {
		return nil, err
	}
	req.URL.Path = a.agent.prefix + "/" + OpRerank
	req.URL.RawPath = a.agent.rawPrefix + "/" + OpRerank
	resp, err := a.do(ctx, req, body, modelARN, OpRerank)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, readAPIError(resp, actionRerank)
	}
	return resp, nil
}

// AgentEndpointURL is where the account sends agent runtime requests: the
// endpoint's scheme, host and path prefix.
func (a *Account) AgentEndpointURL() string { return a.agent.url + a.agent.rawPrefix }
