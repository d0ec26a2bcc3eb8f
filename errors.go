package llmgateway

import (
	"net/http"
	"strconv"

	"github.com/dustin/go-humanize"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// writeError answers with OpenAI's error JSON. The handler writes the body
// itself and returns nil to Caddy: a returned caddyhttp.Error would get an
// empty body unless the operator configured handle_errors.
func writeError(w http.ResponseWriter, e *translate.Error) {
	if x := exchangeOf(w); x != nil {
		x.errCode = firstNonEmpty(e.Code, e.Type)
	}
	h := w.Header()
	if e.RetryAfter != "" {
		h.Set("Retry-After", e.RetryAfter)
	}
	if !e.Retryable() {
		// The OpenAI SDKs read this and skip their automatic retries.
		h.Set("X-Should-Retry", "false")
	}
	writeJSON(w, e.Status, e.AppendJSON(make([]byte, 0, 256)))
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// allowMethod answers 405 with an Allow header when r's method is not one
// of methods.
func allowMethod(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	allow := methods[0]
	for _, m := range methods[1:] {
		allow += ", " + m
	}
	w.Header().Set("Allow", allow)
	writeError(w, &translate.Error{
		Status:  http.StatusMethodNotAllowed,
		Type:    translate.ErrInvalidRequest,
		Message: "method " + r.Method + " is not allowed on " + r.URL.Path + "; use " + allow,
	})
	return false
}

func humanBytes(n int64) string { return humanize.IBytes(uint64(n)) }

// credentialsUnavailable answers a call the gateway could not authenticate:
// its own credentials are missing, which no client can fix (500, not 401).
// Another deployment, with another account, may have them.
func credentialsUnavailable(summary string) *translate.Error {
	return &translate.Error{
		Status:  http.StatusInternalServerError,
		Type:    translate.ErrServer,
		Code:    "upstream_credentials_unavailable",
		Message: summary + "; the gateway's log has the details",
		Kind:    translate.FailUnavailable,
	}
}

// logCredentials logs a credential failure with its cause, at error level
// once per failure and at debug level when the same one comes back: an
// account remembers a failed lookup for a while and hands every request
// that same error.
func (g *Gateway) logCredentials(failure error, account string, cause error) {
	level := zapcore.ErrorLevel
	if prev := g.lastCredErr.Swap(&failure); prev != nil && *prev == failure {
		level = zapcore.DebugLevel
	}
	if ce := g.logger.Check(level, "no usable upstream credentials"); ce != nil {
		ce.Write(zap.String("account", account), zap.Error(cause))
	}
}

// unreachable logs a transport failure in full and answers 502 without
// the details, which can name internal hosts.
func (g *Gateway) unreachable(d *deployment, err error) *translate.Error {
	g.logger.Error("upstream request failed", zap.String("provider", d.provider), zap.String("account", d.account),
		zap.String("model", d.alias), zap.Int("deployment", d.index), zap.Error(err))
	return &translate.Error{
		Status:  http.StatusBadGateway,
		Type:    translate.ErrUpstream,
		Code:    "upstream_unreachable",
		Message: "could not complete the call to " + d.provider + " account \"" + d.account + "\"; the gateway's log has the details",
		Kind:    translate.FailUnavailable,
	}
}
