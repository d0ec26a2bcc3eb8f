package llmgateway

import (
	"net/http"
	"strconv"

	"github.com/dustin/go-humanize"

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
