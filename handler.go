package llmgateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// bodyPool recycles request-body buffers: chat bodies run to megabytes
// with inline images, and each request would otherwise grow a new one.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody keeps exceptionally large buffers out of the pool.
const maxPooledBody = 1 << 20

// readBody reads a request body into a pooled buffer, within the size
// limit. The caller returns the buffer with putBody once the request and
// everything decoded from it (which aliases it) are done with.
func (g *Gateway) readBody(w http.ResponseWriter, r *http.Request) (*bytes.Buffer, *translate.Error) {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	if r.ContentLength > g.maxBody {
		return buf, tooLarge(g.maxBody)
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, g.maxBody)); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return buf, tooLarge(g.maxBody)
		}
		return buf, &translate.Error{Status: http.StatusBadRequest, Type: translate.ErrInvalidRequest,
			Message: "could not read the request body"}
	}
	return buf, nil
}

func putBody(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBody {
		bodyPool.Put(buf)
	}
}

func (g *Gateway) serveChat(w http.ResponseWriter, r *http.Request) {
	buf, terr := g.readBody(w, r)
	defer putBody(buf)
	if terr != nil {
		writeError(w, terr)
		return
	}
	req, terr := translate.ParseChatRequest(buf.Bytes())
	if terr != nil {
		writeError(w, terr)
		return
	}
	p := g.resolve(w, req.Model, endpointChat, req.Stream)
	if p == nil {
		return
	}
	g.route(w, r, p, endpointChat, req.Stream, func(c *call) (backend.Reply, *translate.Error) {
		return c.d.backend.Chat(&c.Call, req)
	})
}

// servePassThrough answers embeddings and image generation: the body is
// split into members, never decoded.
func (g *Gateway) servePassThrough(w http.ResponseWriter, r *http.Request, ep endpoint) {
	buf, terr := g.readBody(w, r)
	defer putBody(buf)
	if terr != nil {
		writeError(w, terr)
		return
	}
	members, terr := translate.SplitObject(buf.Bytes())
	if terr != nil {
		writeError(w, terr)
		return
	}
	model, terr := modelMember(members)
	if terr != nil {
		writeError(w, terr)
		return
	}
	p := g.resolve(w, model, ep, false)
	if p == nil {
		return
	}
	g.route(w, r, p, ep, false, func(c *call) (backend.Reply, *translate.Error) {
		return c.d.backend.PassThrough(&c.Call, backend.Endpoint(ep), members)
	})
}

// resolve finds the pool of the alias a request names and checks that it
// serves ep; on failure it has answered the client and returns nil.
func (g *Gateway) resolve(w http.ResponseWriter, alias string, ep endpoint, stream bool) *pool {
	p := g.pools[alias]
	if p == nil {
		writeError(w, g.modelNotFound(alias))
		return nil
	}
	w.(*exchange).resolved(p, stream)
	if p.serving[ep] == 0 {
		writeError(w, p.cannotServe(ep))
		return nil
	}
	return p
}

// cannotServe answers a request for an endpoint no line of the pool
// serves, naming the endpoints it does serve.
func (p *pool) cannotServe(ep endpoint) *translate.Error {
	var serves []string
	for other := endpointChat; other < endpointCount; other++ {
		if p.serving[other] != 0 && endpoints[other].what != "" {
			serves = append(serves, endpoints[other].what)
		}
	}
	first := p.deployments[0]
	return &translate.Error{
		Status: http.StatusBadRequest,
		Type:   translate.ErrInvalidRequest,
		Param:  "model",
		Code:   "unsupported_model",
		Message: "model '" + p.alias + "' is " + withArticle(first.Provider) + " model, which does not serve " +
			endpoints[ep].what + "; it serves " + strings.Join(serves, " and "),
	}
}

// withArticle puts "a" or "an" before a provider name.
func withArticle(provider string) string {
	if strings.ContainsRune("aeiou", rune(provider[0])) {
		return "an " + provider
	}
	return "a " + provider
}

// modelMember reads the "model" member of a split body.
func modelMember(members []translate.Member) (string, *translate.Error) {
	for _, m := range members {
		if m.Key != "model" {
			continue
		}
		var model string
		if err := json.Unmarshal(m.Value, &model); err != nil || model == "" {
			return "", translate.BadRequest("model", "'model' must be a non-empty string")
		}
		return model, nil
	}
	return "", translate.BadRequest("model", "you must provide a model parameter")
}

// modelNotFound answers an unknown alias. The name is only ever looked up in
// the alias table, so path tricks or URLs in it cannot reach an upstream.
func (g *Gateway) modelNotFound(name string) *translate.Error {
	if c := g.logger.Check(zapcore.DebugLevel, "unknown model alias"); c != nil {
		c.Write(zap.String("model", name))
	}
	const maxEcho = 128
	if len(name) > maxEcho {
		name = name[:maxEcho] + "..."
	}
	configured := "none"
	if g.sorted != "" {
		configured = g.sorted
	}
	return &translate.Error{
		Status:  http.StatusNotFound,
		Type:    translate.ErrInvalidRequest,
		Param:   "model",
		Code:    "model_not_found",
		Message: "The model '" + name + "' does not exist on this gateway. Configured models: " + configured,
	}
}

func tooLarge(limit int64) *translate.Error {
	return &translate.Error{
		Status:  http.StatusRequestEntityTooLarge,
		Type:    translate.ErrInvalidRequest,
		Code:    "request_too_large",
		Message: "request body exceeds the gateway's limit of " + humanBytes(limit) + " (max_request_body)",
	}
}
