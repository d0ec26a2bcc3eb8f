package llmgateway

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// The native Bedrock pass-through: POST /bedrock/model/{model}/{operation},
// the Bedrock runtime's own paths under /bedrock, so that a client of the
// AWS SDKs (boto3's endpoint_url, aws-sdk-js's endpoint, Claude Code's
// ANTHROPIC_BEDROCK_BASE_URL) works through the gateway unchanged while
// the gateway holds the AWS credentials. The body goes up and the answer
// comes back as they are; the request is signed anew with the account of
// the route {model} names.

// bedrockPrefix is where the pass-through's paths start.
const bedrockPrefix = "/bedrock/model/"

// passThroughOps are the operations a pass-through may name.
var passThroughOps = map[string]bool{
	bedrock.OpConverse: true, bedrock.OpConverseStream: true, bedrock.OpInvoke: true, bedrock.OpInvokeStream: true,
}

// relayedHeaders are the upstream answer's headers a client gets back,
// besides X-Amzn-*.
var relayedHeaders = []string{"Content-Type", "Content-Length"}

func (g *Gateway) serveBedrockNative(w http.ResponseWriter, r *http.Request) {
	// The escaped path: a model ID or ARN arrives with its '/' and ':'
	// escaped, and must be unescaped once, as one segment.
	rest, _ := strings.CutPrefix(r.URL.EscapedPath(), bedrockPrefix)
	escModel, op, ok := strings.Cut(rest, "/")
	model, err := url.PathUnescape(escModel)
	if !ok || err != nil || model == "" || !passThroughOps[op] {
		writeAWSError(w, http.StatusNotFound, "UnknownOperationException", "no such Bedrock operation on this gateway")
		return
	}
	d := g.nativeDeployment(model)
	if d == nil {
		writeAWSError(w, http.StatusNotFound, "ResourceNotFoundException",
			"model "+quoteShort(model)+" is not configured on this gateway")
		return
	}
	x := w.(*exchange)
	x.native = d
	x.resolved(g.pools[d.Alias], op == bedrock.OpConverseStream || op == bedrock.OpInvokeStream)
	acct, modelID := d.backend.(backend.Native).Native()
	buf, terr := g.readBody(w, r)
	defer putBody(buf)
	if terr != nil {
		writeAWSError(w, terr.Status, "ValidationException", terr.Message)
		return
	}
	t := clock.Now()
	if why := d.unavailable(t); why != "" || !d.acquire(t) {
		writeAWSError(w, http.StatusTooManyRequests, "ThrottlingException",
			"model "+quoteShort(model)+" is not available on this gateway right now ("+firstNonEmpty(why, "busy")+")")
		return
	}
	c := &call{}
	c.begin(g, r, d, "")
	defer c.End()
	resp, err := acct.Forward(c.Context(), modelID, op, buf.Bytes(), r.Header)
	c.Headers(resp, err)
	x.upstreamID = c.UpstreamID()
	if err != nil {
		d.release(0)
		var credErr *bedrock.CredentialsError
		switch {
		case errors.As(err, &credErr):
			g.env.LogCredentials(credErr, credErr.Account, credErr.Err)
			writeAWSError(w, http.StatusInternalServerError, "InternalServerException", credErr.Summary())
		default:
			if e := c.TransportError(err); e != backend.ErrClientGone {
				writeAWSError(w, http.StatusServiceUnavailable, "ServiceUnavailableException", e.Message)
			}
		}
		return
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		d.state.coolDown(t, max(d.policy.cooldown, retryAfterHeader(resp.Header)), true)
	case resp.StatusCode >= 500:
		if d.state.recordFailure(t, d.policy.allowedFails, "HTTP "+resp.Status) {
			d.state.coolDown(t, d.policy.cooldown, false)
		}
	}
	h := w.Header()
	for k, vs := range resp.Header {
		if strings.HasPrefix(k, "X-Amzn-") {
			h[k] = vs
		}
	}
	for _, k := range relayedHeaders {
		if vs := resp.Header.Values(k); len(vs) > 0 {
			h[k] = vs
		}
	}
	w.WriteHeader(resp.StatusCode)
	relayFlushing(w, c.Watch(resp.Body))
	d.release(0)
	if ce := g.logger.Check(zap.DebugLevel, "bedrock pass-through"); ce != nil {
		ce.Write(zap.String("model", d.Alias), zap.Int("deployment", d.Index), zap.String("operation", op),
			zap.Int("status", resp.StatusCode))
	}
}

// nativeDeployment finds the deployment a pass-through's {model} names:
// a configured alias with Bedrock lines (one chosen as for any request),
// or the upstream model ID of exactly one configured Bedrock line. Only
// what the Caddyfile lists can be reached.
func (g *Gateway) nativeDeployment(model string) *deployment {
	if p := g.pools[model]; p != nil {
		return p.pickNative()
	}
	var found *deployment
	for _, d := range g.deployments {
		if isNative(d) && d.upstreamModel == model {
			if found != nil {
				return nil // ambiguous: name the alias instead
			}
			found = d
		}
	}
	return found
}

// pickNative chooses among the pool's Bedrock deployments by its policy,
// without taking a place (the caller does).
func (p *pool) pickNative() *deployment {
	var native mask
	for i, d := range p.deployments {
		if isNative(d) {
			native = native.with(i)
		}
	}
	if native == 0 {
		return nil
	}
	if avail := p.available(^native, clock.Now()); avail != 0 {
		return p.deployments[p.selector.choose(p, avail)]
	}
	return p.deployments[native.nth(0)]
}

// isNative reports whether d's line calls Bedrock through an account.
func isNative(d *deployment) bool {
	n, ok := d.backend.(backend.Native)
	if !ok {
		return false
	}
	acct, _ := n.Native()
	return acct != nil
}

// relayFlushing copies an answer to the client, flushing after every read
// so that event-stream frames reach it as they arrive.
func relayFlushing(w http.ResponseWriter, body io.Reader) {
	rc := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	for {
		n, err := body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
			_ = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// writeAWSError answers in the shape AWS services use, so that AWS SDKs
// raise their typed exceptions.
func writeAWSError(w http.ResponseWriter, status int, errType, message string) {
	if x := exchangeOf(w); x != nil {
		x.errCode = errType
	}
	w.Header().Set("X-Amzn-Errortype", errType)
	body := translate.AppendString([]byte(`{"message":`), message)
	writeJSON(w, status, append(body, '}'))
}

// quoteShort quotes a client's string for a message, cut to a sane length.
func quoteShort(s string) string {
	const maxEcho = 128
	if len(s) > maxEcho {
		s = s[:maxEcho] + "..."
	}
	return "'" + s + "'"
}

// retryAfterHeader reads a Retry-After in seconds.
func retryAfterHeader(h http.Header) time.Duration {
	return retryAfter(&translate.Error{RetryAfter: h.Get("Retry-After")})
}
