package bedrockbackend

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/rerank"
)

// Rerank on Bedrock: POST /v1/rerank in Cohere's and Jina's shape,
// answered by Amazon Rerank 1.0 or Cohere Rerank 3.5 through the agent
// runtime's Rerank API (bedrock/<model>), or by Cohere Rerank through
// InvokeModel with its native body (bedrock/invoke/<model>).

func init() {
	registerBedrockTask(backend.Rerank, lookupRerank, nil)
}

// lookupRerank serves the lines whose model is a reranker.
func lookupRerank(t taskTarget) (taskHandler, bool) {
	provider, ok := rerank.ModelOf(t.modelID)
	switch {
	case !ok:
		return nil, false
	case t.family != "":
		return refusedLine{fmt.Errorf("family does not apply to %s, a rerank model", t.modelID)}, true
	case t.invoke && provider != "cohere":
		return refusedLine{fmt.Errorf("%s reranks through Bedrock's Rerank API only: use target bedrock/%s, not bedrock/invoke/",
			t.modelID, t.modelID)}, true
	}
	return rerankHandler{invoke: t.invoke, drop: t.line != nil && t.line.DropParams}, true
}

// rerankHandler serves a line through the agent runtime's Rerank API, or
// through InvokeModel with Cohere Rerank's body when invoke is set; drop
// is the line's drop_params.
type rerankHandler struct{ invoke, drop bool }

func (h rerankHandler) serve(c *backend.Call, b *bedrockLine, members []translate.Member) (backend.Reply, *translate.Error) {
	req, terr := parseRerank(b, members, h.drop)
	if terr != nil {
		return backend.Reply{}, terr
	}
	resp, err := h.send(c.Context(), b, req)
	raw, terr := taskAnswer(c, b, resp, err)
	if terr != nil {
		return backend.Reply{}, terr
	}
	results, id, ok := h.results(raw, req)
	if !ok {
		b.env.Logger.Error("unreadable Bedrock rerank answer", zap.String("model", b.alias), zap.Int("bytes", len(raw)))
		return backend.Reply{}, rerank.Unreadable()
	}
	out := rerank.AppendAnswer(nil, answerID(id, resp), req, results)
	// One query per request, as LiteLLM bills Bedrock's rerank: Bedrock
	// reports no search units, and LiteLLM counts one where none is given.
	return backend.Reply{Parts: [3][]byte{out}, Bill: backend.Billing{Queries: 1}}, nil
}

// send makes the call; the model goes by its ARN to the Rerank API, by
// the line's model ID to InvokeModel.
func (h rerankHandler) send(ctx context.Context, b *bedrockLine, req *rerank.Request) (*http.Response, error) {
	if h.invoke {
		body := rerank.AppendCohereBody(nil, req)
		b.logRequest("invoke", false, body)
		return b.acct.Invoke(ctx, b.modelID, false, body)
	}
	arn := rerank.ModelARN(b.acct.ResolvedRegion(), b.modelID)
	body := rerank.AppendAgentBody(nil, req, arn)
	b.logRequest("rerank", false, body)
	return b.acct.Rerank(ctx, arn, body)
}

// results reads the answer of the API send called, and the model's own
// id for it if it gave one.
func (h rerankHandler) results(raw []byte, req *rerank.Request) ([]rerank.Result, string, bool) {
	if h.invoke {
		return rerank.CohereResults(raw, req)
	}
	results, ok := rerank.AgentResults(raw, req)
	return results, "", ok
}

// healthCheck reranks one word against one: the cheapest call there is.
func (h rerankHandler) healthCheck(ctx context.Context, b *bedrockLine) error {
	ping := &rerank.Request{Query: []byte(`"ping"`), Documents: [][]byte{[]byte(`"ping"`)}, TopN: 1}
	resp, err := h.send(ctx, b, ping)
	if err != nil {
		return err
	}
	backend.DrainAndClose(resp.Body)
	return nil
}

// parseRerank reads the request for one attempt. The body was split once;
// the parse slices texts out of it without copying them.
func parseRerank(b *bedrockLine, members []translate.Member, drop bool) (*rerank.Request, *translate.Error) {
	req, terr := rerank.Parse(members, drop)
	if terr != nil {
		return nil, terr
	}
	backend.LogDropped(b.env.Logger, b.alias, req.Dropped)
	if req.IgnoredMaxChunks {
		if ce := b.env.Logger.Check(zapcore.DebugLevel, "ignored max_chunks_per_doc: Bedrock has no such setting"); ce != nil {
			ce.Write(zap.String("model", b.alias))
		}
	}
	return req, nil
}

// answerID is the answer's id: the model's own, else the id Bedrock gave
// the request (which AWS support can look up), else a fresh one.
func answerID(own string, resp *http.Response) string {
	if own != "" {
		return own
	}
	if id := resp.Header.Get("X-Amzn-Requestid"); id != "" {
		return id
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
