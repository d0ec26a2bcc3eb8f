package llmgateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddyserver/caddy/v2"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

type endpoint uint8

const (
	endpointNone endpoint = iota
	endpointChat
	endpointEmbeddings
	endpointImages
	endpointModels
	endpointModel
)

// matchEndpoint recognises the OpenAI paths, with or without /v1. For
// GET /v1/models/{id} it also returns the id (already unescaped by net/http).
func matchEndpoint(path string) (endpoint, string) {
	if strings.HasPrefix(path, "/v1/") {
		path = path[len("/v1"):]
	}
	switch path {
	case "/chat/completions":
		return endpointChat, ""
	case "/embeddings":
		return endpointEmbeddings, ""
	case "/images/generations":
		return endpointImages, ""
	case "/models":
		return endpointModels, ""
	}
	if id, ok := strings.CutPrefix(path, "/models/"); ok && id != "" {
		return endpointModel, id
	}
	return endpointNone, ""
}

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
	rt := g.routes[req.Model]
	if rt == nil {
		writeError(w, g.modelNotFound(req.Model))
		return
	}
	repl := g.setPlaceholders(r, rt)
	repl.Set("http.llm_gateway.stream", req.Stream)

	var usage translate.Usage
	switch rt.provider {
	case providerBedrock:
		usage = g.serveBedrock(w, r, req, rt)
	case providerAzure, providerAzureAI:
		usage = g.serveAzureChat(w, r, req, rt)
	}
	setUsage(repl, usage)
}

// servePassThrough answers embeddings and image generation, which only
// Azure routes serve: the body is split into members, never decoded.
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
	rt := g.routes[model]
	if rt == nil {
		writeError(w, g.modelNotFound(model))
		return
	}
	what, op := "embeddings", azure.OpEmbeddings
	if ep == endpointImages {
		what, op = "image generation", azure.OpImages
	}
	if rt.provider == providerBedrock || (ep == endpointImages && rt.provider == providerAzureAI) {
		writeError(w, &translate.Error{
			Status:  http.StatusBadRequest,
			Type:    translate.ErrInvalidRequest,
			Param:   "model",
			Code:    "unsupported_model",
			Message: "model '" + rt.alias + "' is " + withArticle(rt.provider) + " route, which does not serve " + what + " here",
		})
		return
	}
	repl := g.setPlaceholders(r, rt)
	setUsage(repl, g.serveAzurePassThrough(w, r, members, rt, op))
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

func (g *Gateway) setPlaceholders(r *http.Request, rt *route) *caddy.Replacer {
	repl := r.Context().Value(caddy.ReplacerCtxKey).(*caddy.Replacer)
	repl.Set("http.llm_gateway.model", rt.alias)
	repl.Set("http.llm_gateway.provider", rt.provider)
	repl.Set("http.llm_gateway.upstream_model", rt.upstreamModel)
	return repl
}

func setUsage(repl *caddy.Replacer, usage translate.Usage) {
	repl.Set("http.llm_gateway.prompt_tokens", usage.PromptTokens)
	repl.Set("http.llm_gateway.completion_tokens", usage.CompletionTokens)
}

func (g *Gateway) serveModel(w http.ResponseWriter, id string) {
	rt := g.routes[id]
	if rt == nil {
		writeError(w, g.modelNotFound(id))
		return
	}
	writeJSON(w, http.StatusOK, appendModel(nil, rt.alias, rt.ownedBy, g.created))
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
	if len(g.aliases) > 0 {
		configured = strings.Join(g.aliases, ", ")
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

// drainAndClose lets a keep-alive upstream connection be reused.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4096)
	_ = body.Close()
}
