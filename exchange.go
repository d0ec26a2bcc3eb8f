package llmgateway

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/caddyserver/caddy/v2"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// exchange is one request to a model endpoint as the gateway accounts for
// it: the status it was answered with, its alias and the deployment that
// answered, tokens, cost and timings. It wraps the response writer to see
// the status, and once the request is answered it is recorded in the
// metrics; the placeholders read it whenever they are evaluated (by
// log_append, after the handler).
type exchange struct {
	http.ResponseWriter
	status int

	g      *Gateway
	ep     endpoint
	start  time.Time
	pool   *pool
	stream bool
	rt     *routing
	native *deployment // the pass-through's, which does not route

	requestID  string
	upstreamID string // the upstream's id of the last call made
	errCode    string // the code of the error answered, if any
	finish     string // the last finish_reason the client was sent
	// firstToken is when a stream's first content went out, after start;
	// ended when its last bytes did.
	firstToken, ended time.Duration
	cost              float64
	priced            bool
}

func (x *exchange) WriteHeader(status int) {
	if x.status == 0 {
		x.status = status
	}
	x.ResponseWriter.WriteHeader(status)
}

func (x *exchange) Write(b []byte) (int, error) {
	if x.status == 0 {
		x.status = http.StatusOK
	}
	return x.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the flusher beneath.
func (x *exchange) Unwrap() http.ResponseWriter { return x.ResponseWriter }

// newExchange starts accounting for a request and gives the response its
// X-Request-Id: the client's when it sent a sane one, else a new one.
func newExchange(g *Gateway, w http.ResponseWriter, r *http.Request, ep endpoint) *exchange {
	x := &exchange{ResponseWriter: w, g: g, ep: ep, start: time.Now()}
	x.requestID = r.Header.Get("X-Request-Id")
	if !saneRequestID(x.requestID) {
		x.requestID = newRequestID()
	}
	w.Header()["X-Request-Id"] = []string{x.requestID}
	if repl, ok := r.Context().Value(caddy.ReplacerCtxKey).(*caddy.Replacer); ok {
		repl.Map(x.placeholder)
	}
	return x
}

// exchangeOf finds the exchange a model endpoint's writer is; nil for the
// other endpoints (/v1/models, /health), which are not accounted for.
func exchangeOf(w http.ResponseWriter) *exchange {
	x, _ := w.(*exchange)
	return x
}

// resolved notes the alias the request named, once it is known to be
// configured.
func (x *exchange) resolved(p *pool, stream bool) {
	x.pool, x.stream = p, stream
	p.metrics.inFlight.Inc()
}

// saneRequestID accepts what request ids look like (UUIDs, hex, ULIDs,
// dotted or colon-separated trace ids), and nothing that could forge a log
// line or a header.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// alias is the alias the metrics count the request under.
func (x *exchange) alias() string {
	if x.pool == nil {
		return unknownAlias
	}
	return x.pool.alias
}

// deployment is the one that answered, else the last one tried.
func (x *exchange) deployment() *deployment {
	if x.rt == nil {
		return x.native
	}
	if x.rt.answered != nil {
		return x.rt.answered
	}
	return x.rt.lastTried
}

func (x *exchange) provider() string {
	if d := x.deployment(); d != nil {
		return d.Provider
	}
	if x.pool != nil {
		return x.pool.deployments[0].Provider
	}
	return ""
}

func (x *exchange) usage() translate.Usage {
	if x.rt == nil {
		return translate.Usage{}
	}
	return x.rt.usage
}

// price notes what the answer cost; false when the deployment has no
// price for it.
func (x *exchange) price(d *deployment, u translate.Usage, b backend.Billing) bool {
	x.cost, x.priced = d.costOf(u, b)
	return x.priced
}

// sawFinish notes the last finish_reason in what the client is sent.
func (x *exchange) sawFinish(out []byte) {
	i := bytes.LastIndex(out, finishReasonKey)
	if i < 0 {
		return
	}
	rest := out[i+len(finishReasonKey):]
	if end := bytes.IndexByte(rest, '"'); end > 0 && end <= 32 {
		x.finish = finishReason(rest[:end])
	}
}

// finishReason is b as a string, the usual ones without an allocation.
func finishReason(b []byte) string {
	switch string(b) {
	case "stop":
		return "stop"
	case "length":
		return "length"
	case "tool_calls":
		return "tool_calls"
	case "content_filter":
		return "content_filter"
	}
	return string(b)
}

var finishReasonKey = []byte(`"finish_reason":"`)

// done records the answered request in the metrics.
func (x *exchange) done() {
	m := x.g.metrics
	elapsed := time.Since(x.start)
	if x.pool != nil {
		x.pool.metrics.inFlight.Dec()
	}
	alias, provider, stream := x.alias(), x.provider(), strconv.FormatBool(x.stream)
	if x.status == 0 {
		x.status = 499 // the client went away before anything was written
	}
	m.requests.WithLabelValues(alias, provider, x.ep.metricName(), stream, strconv.Itoa(x.status)).Inc()
	m.duration.WithLabelValues(alias, provider, x.ep.metricName(), stream).Observe(elapsed.Seconds())
	if x.rt == nil || x.rt.answered == nil {
		return
	}
	d := x.rt.answered
	u := x.usage()
	dm := d.metrics
	add := func(kind int, n int) {
		if n > 0 {
			dm.tokens[kind].Add(float64(n))
		}
	}
	add(tokensInput, u.PromptTokens)
	add(tokensOutput, u.CompletionTokens)
	add(tokensCachedRead, u.CachedTokens)
	add(tokensCachedWrite, u.CacheWriteTokens)
	add(tokensReasoning, u.ReasoningTokens)
	if u.PromptTokens > 0 {
		m.requestTokens.WithLabelValues(alias, provider, "input").Observe(float64(u.PromptTokens))
	}
	if u.CompletionTokens > 0 {
		m.requestTokens.WithLabelValues(alias, provider, "output").Observe(float64(u.CompletionTokens))
		generating := elapsed
		if x.stream && x.firstToken > 0 && x.ended > x.firstToken {
			generating = x.ended - x.firstToken
		}
		if generating > 0 {
			m.outputRate.WithLabelValues(alias, provider).Observe(float64(u.CompletionTokens) / generating.Seconds())
		}
	}
	if x.stream && x.firstToken > 0 {
		m.ttft.WithLabelValues(alias, provider).Observe(x.firstToken.Seconds())
	}
	if x.priced && x.cost > 0 {
		x.pool.metrics.cost.Add(x.cost)
	}
}

// placeholder serves the {http.llm_gateway.*} placeholders.
func (x *exchange) placeholder(key string) (any, bool) {
	name, ok := cutPlaceholderPrefix(key)
	if !ok {
		return nil, false
	}
	u := x.usage()
	d := x.deployment()
	switch name {
	case "alias", "model":
		if x.pool == nil {
			return "", true
		}
		return x.pool.alias, true
	case "provider":
		return x.provider(), true
	case "account":
		if d == nil {
			return "", true
		}
		return d.Account, true
	case "deployment":
		if d == nil {
			return "", true
		}
		return d.Index, true
	case "upstream_model":
		if d == nil {
			return "", true
		}
		return d.upstreamModel, true
	case "stream":
		return x.stream, true
	case "attempts":
		if x.rt == nil {
			return 0, true
		}
		return x.rt.attempts, true
	case "input_tokens", "prompt_tokens":
		return u.PromptTokens, true
	case "output_tokens", "completion_tokens":
		return u.CompletionTokens, true
	case "cached_tokens":
		return u.CachedTokens, true
	case "reasoning_tokens":
		return u.ReasoningTokens, true
	case "cost":
		if !x.priced {
			return "", true
		}
		return formatCost(x.cost), true
	case "ttft_ms":
		if x.firstToken == 0 {
			return "", true
		}
		return x.firstToken.Milliseconds(), true
	case "upstream_request_id":
		return x.upstreamID, true
	case "request_id":
		return x.requestID, true
	case "finish_reason":
		return x.finish, true
	case "error_code":
		return x.errCode, true
	case "partial":
		return x.rt != nil && x.rt.gone && x.rt.answered != nil, true
	}
	return nil, false
}

func cutPlaceholderPrefix(key string) (string, bool) {
	const prefix = "http.llm_gateway."
	if len(key) <= len(prefix) || key[:len(prefix)] != prefix {
		return "", false
	}
	return key[len(prefix):], true
}

// formatCost renders US dollars with enough digits for a single token.
func formatCost(usd float64) string { return strconv.FormatFloat(usd, 'f', -1, 64) }
