package bedrock

import (
	"context"
	"io"
)

// pingBody is the smallest Converse request a model answers: one word in,
// at most one token out.
var pingBody = []byte(`{"messages":[{"role":"user","content":[{"text":"ping"}]}],"inferenceConfig":{"maxTokens":1}}`)

// Ping makes the cheapest real call that proves modelID answers through
// this account: a one-token Converse. It costs a few tokens. Errors are
// those of Converse.
func (a *Account) Ping(ctx context.Context, modelID string) error {
	resp, err := a.Converse(ctx, modelID, false, pingBody)
	if err != nil {
		return err
	}
	drainAndClose(resp.Body)
	return nil
}

// EndpointURL is where the account sends requests: the endpoint's scheme,
// host and path prefix.
func (a *Account) EndpointURL() string { return a.baseURL + a.rawPrefix }

// drainAndClose lets a keep-alive connection be reused.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4096)
	_ = body.Close()
}
