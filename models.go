package llmgateway

import (
	"net/http"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// serveModels answers GET /v1/models: every alias once, in configuration
// order. Aliases whose deployments all fail their active health checks
// are left out while they do.
func (g *Gateway) serveModels(w http.ResponseWriter) {
	if g.checker == nil {
		writeJSON(w, http.StatusOK, g.modelsList)
		return
	}
	writeJSON(w, http.StatusOK, g.renderModelList())
}

func (g *Gateway) serveModel(w http.ResponseWriter, id string) {
	p := g.pools[id]
	if p == nil || !p.healthy() {
		writeError(w, g.modelNotFound(id))
		return
	}
	writeJSON(w, http.StatusOK, appendModel(nil, p, g.created))
}

// renderModelList renders GET /v1/models.
func (g *Gateway) renderModelList() []byte {
	b := make([]byte, 0, 64+80*len(g.aliases))
	b = append(b, `{"object":"list","data":[`...)
	for _, alias := range g.aliases {
		p := g.pools[alias]
		if !p.healthy() {
			continue
		}
		b = appendSep(b)
		b = appendModel(b, p, g.created)
	}
	return append(b, "]}"...)
}

// appendModel renders one alias. Beyond OpenAI's fields, "endpoints" lists
// the paths the alias answers, so a client can tell an embedding or rerank
// model from a chat model.
func appendModel(b []byte, p *pool, created int64) []byte {
	b = append(b, `{"id":`...)
	b = translate.AppendString(b, p.alias)
	b = append(b, `,"object":"model","created":`...)
	b = strconv.AppendInt(b, created, 10)
	b = append(b, `,"owned_by":`...)
	b = translate.AppendString(b, p.ownedBy)
	b = append(b, `,"endpoints":[`...)
	for ep := endpointChat; ep < endpointCount; ep++ {
		if p.serving[ep] != 0 && endpoints[ep].what != "" {
			b = appendSep(b)
			b = translate.AppendString(b, endpoints[ep].what)
		}
	}
	return append(b, "]}"...)
}

// appendSep appends a comma unless b has just opened its array.
func appendSep(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] != '[' {
		return append(b, ',')
	}
	return b
}

// healthy reports whether any of the pool's deployments passes its
// active health checks (a deployment without them always does).
func (p *pool) healthy() bool {
	for _, d := range p.deployments {
		if !d.failingChecks() {
			return true
		}
	}
	return false
}
