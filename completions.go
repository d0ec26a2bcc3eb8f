package llmgateway

import (
	"net/http"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// serveCompletions answers the legacy text completions endpoint, POST
// /v1/completions: prompt-based InvokeModel families get the prompt as it
// is; every other route gets it as a chat of one user message, and its
// answer is rewritten as a text completion.
func (g *Gateway) serveCompletions(w http.ResponseWriter, r *http.Request) {
	buf, terr := g.readBody(w, r)
	defer putBody(buf)
	if terr != nil {
		writeError(w, terr)
		return
	}
	req, terr := translate.ParseTextRequest(buf.Bytes())
	if terr != nil {
		writeError(w, terr)
		return
	}
	p := g.resolve(w, req.Model, endpointCompletions, req.Stream)
	if p == nil {
		return
	}
	g.route(w, r, p, endpointCompletions, req.Stream, func(c *call) (backend.Reply, *translate.Error) {
		return c.d.backend.Complete(&c.Call, req)
	})
}
