package llmgateway

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddyserver/caddy/v2"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

type endpoint uint8

const (
	endpointNone endpoint = iota
	endpointChat
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

func (g *Gateway) serveChat(w http.ResponseWriter, r *http.Request) {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBody {
			bodyPool.Put(buf)
		}
	}()
	if r.ContentLength > g.maxBody {
		writeError(w, tooLarge(g.maxBody))
		return
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, g.maxBody)); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, tooLarge(g.maxBody))
			return
		}
		writeError(w, &translate.Error{Status: http.StatusBadRequest, Type: translate.ErrInvalidRequest,
			Message: "could not read the request body"})
		return
	}

	req, terr := translate.DecodeChatRequest(buf.Bytes())
	if terr != nil {
		writeError(w, terr)
		return
	}
	rt := g.routes[req.Model]
	if rt == nil {
		writeError(w, g.modelNotFound(req.Model))
		return
	}

	repl := r.Context().Value(caddy.ReplacerCtxKey).(*caddy.Replacer)
	repl.Set("http.llm_gateway.model", rt.alias)
	repl.Set("http.llm_gateway.provider", rt.provider)
	repl.Set("http.llm_gateway.upstream_model", rt.upstreamModel)
	repl.Set("http.llm_gateway.stream", req.Stream)

	var usage translate.Usage
	switch rt.provider {
	case "bedrock":
		usage = g.serveBedrock(w, r, req, rt)
	}
	repl.Set("http.llm_gateway.prompt_tokens", usage.PromptTokens)
	repl.Set("http.llm_gateway.completion_tokens", usage.CompletionTokens)
}

func (g *Gateway) serveModel(w http.ResponseWriter, id string) {
	rt := g.routes[id]
	if rt == nil {
		writeError(w, g.modelNotFound(id))
		return
	}
	writeJSON(w, http.StatusOK, appendModel(nil, rt.alias, rt.ownedBy, 0))
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
