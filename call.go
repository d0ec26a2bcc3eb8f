package llmgateway

import (
	"net/http"

	"go.opentelemetry.io/otel/trace"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
)

// call is one attempt as the router sees it: the backend's Call, the
// deployment it is made on, and its span while the request is traced.
type call struct {
	backend.Call
	d    *deployment
	span trace.Span
}

// begin starts an attempt on d; requestID is the client request's, for
// the logs.
func (c *call) begin(g *Gateway, r *http.Request, d *deployment, requestID string) {
	c.d, c.span = d, nil
	c.Begin(r, g.env, &d.Deployment, requestID)
}
