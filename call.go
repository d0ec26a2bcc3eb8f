package llmgateway

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"go.opentelemetry.io/otel/trace"
)

// call is one attempt of a request on one deployment: a context that the
// client's going away, and the deployment's timeouts, cancel; and what a
// backend needs to know of the request. One timer serves all three
// timeouts: it is armed for the nearest and, when it fires, works out
// which expired or re-arms itself, so reading a stream costs an atomic
// store per read, not a timer reset.
type call struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	d      *deployment
	g      *Gateway
	start  time.Time
	timer  *time.Timer

	// reading is set once the response headers arrived; lastRead is when
	// the body last brought bytes, as time since start.
	reading  atomic.Bool
	lastRead atomic.Int64
	ttfb     time.Duration
	body     idleWatch
	// upstreamID is the upstream's id of the call, when it sent one.
	upstreamID string
	// span is the attempt's, while the request is traced.
	span trace.Span
	// requestID is the client request's X-Request-Id, for the logs.
	requestID string
	// stopClientWatch stops the client's leaving from cancelling ctx.
	stopClientWatch func() bool
}

// timeoutCause is what a call's context is cancelled with when one of its
// timeouts expires; the error the client gets names the option.
type timeoutCause struct {
	option string
	limit  time.Duration
}

func (t *timeoutCause) Error() string { return t.option + " of " + t.limit.String() + " expired" }

// begin starts an attempt's clock: the whole-attempt timeout, the wait for
// the response headers, and the connect timeout of any new connection.
func (c *call) begin(g *Gateway, r *http.Request, d *deployment) {
	*c = call{d: d, g: g, start: time.Now()}
	// The client's leaving cancels the call through a watch of its own,
	// which settle can stop once the answer is complete.
	c.ctx, c.cancel = context.WithCancelCause(context.WithoutCancel(r.Context()))
	client := r.Context()
	c.stopClientWatch = context.AfterFunc(client, func() { c.cancel(context.Cause(client)) })
	p := &d.policy
	if p.connectTimeout > 0 && p.connectTimeout != DefaultConnectTimeout {
		// The connection pool dials with the default itself.
		c.ctx = upstream.WithConnectTimeout(c.ctx, p.connectTimeout)
	}
	if next := c.nextDeadline(0); next > 0 {
		// Armed only once c.timer is set, which onTimer reads.
		c.timer = time.AfterFunc(time.Hour, c.onTimer)
		c.timer.Reset(next)
	}
}

// nextDeadline is how long after elapsed the nearest timeout falls due,
// or 0 when none applies.
func (c *call) nextDeadline(elapsed time.Duration) time.Duration {
	p := &c.d.policy
	var next time.Duration
	consider := func(at time.Duration) {
		if left := at - elapsed; at > 0 && (next == 0 || left < next) {
			next = max(left, time.Millisecond)
		}
	}
	consider(p.timeout)
	if !c.reading.Load() {
		consider(p.firstByteTimeout)
	} else if p.idleTimeout > 0 {
		consider(time.Duration(c.lastRead.Load()) + p.idleTimeout)
	}
	return next
}

// onTimer runs when the nearest timeout may have expired.
func (c *call) onTimer() {
	elapsed := time.Since(c.start)
	p := &c.d.policy
	switch {
	case p.timeout > 0 && elapsed >= p.timeout:
		c.cancel(&timeoutCause{"timeout", p.timeout})
	case !c.reading.Load() && p.firstByteTimeout > 0 && elapsed >= p.firstByteTimeout:
		c.cancel(&timeoutCause{"first_byte_timeout", p.firstByteTimeout})
	case c.reading.Load() && p.idleTimeout > 0 && elapsed-time.Duration(c.lastRead.Load()) >= p.idleTimeout:
		c.cancel(&timeoutCause{"idle_timeout", p.idleTimeout})
	default:
		if next := c.nextDeadline(elapsed); next > 0 {
			c.timer.Reset(next)
		}
	}
}

// headers marks the upstream's response headers as arrived: the wait for
// the first byte is over. Its length becomes the deployment's latency
// once the attempt is known to have succeeded (see routing.commit). The
// upstream's id of the call is kept for the logs, from the response or
// from the error it was turned into.
func (c *call) headers(resp *http.Response, err error) {
	switch {
	case resp != nil:
		c.upstreamID = upstreamRequestID(resp.Header)
	case err != nil:
		c.upstreamID = errorRequestID(err)
	}
	c.ttfb = time.Since(c.start)
	c.lastRead.Store(int64(c.ttfb))
	c.reading.Store(true)
	if c.timer != nil {
		// The first-byte timeout no longer applies; the idle one may.
		if next := c.nextDeadline(c.ttfb); next > 0 {
			c.timer.Reset(next)
		} else {
			c.timer.Stop()
		}
	}
}

// watch returns body with the idle timeout applied: a stream whose
// upstream sends nothing for that long is cancelled.
func (c *call) watch(body io.ReadCloser) io.ReadCloser {
	if c.d.policy.idleTimeout <= 0 {
		return body
	}
	c.body = idleWatch{body: body, c: c}
	return &c.body
}

// end stops the attempt's clock and releases its context.
func (c *call) end() {
	if c.timer != nil {
		c.timer.Stop()
	}
	c.stopClientWatch()
	c.cancel(nil)
}

// timedOut returns the error for a timeout that ended the call, or nil.
func (c *call) timedOut() *translate.Error {
	var t *timeoutCause
	if !errors.As(context.Cause(c.ctx), &t) {
		return nil
	}
	return timeoutError(c.d, t.option, t.limit)
}

// transportError maps an error that is not the upstream's answer (no
// connection, a reset, a timeout) to the client's error, or to
// errClientGone.
func (c *call) transportError(err error) *translate.Error {
	if e := c.timedOut(); e != nil {
		return e
	}
	if errors.Is(err, upstream.ErrConnectTimeout) {
		return timeoutError(c.d, "connect_timeout", c.d.policy.connectTimeout)
	}
	if c.ctx.Err() != nil {
		return errClientGone
	}
	return c.g.unreachable(c.d, err)
}

func timeoutError(d *deployment, option string, limit time.Duration) *translate.Error {
	return &translate.Error{
		Status: http.StatusGatewayTimeout,
		Type:   translate.ErrTimeout,
		Code:   option,
		Message: d.provider + " account \"" + d.account + "\" did not answer within " + option +
			" (" + limit.String() + ")",
		Kind: translate.FailTimeout,
	}
}

// idleWatch notes when the body last brought bytes, for the idle timeout.
type idleWatch struct {
	body io.ReadCloser
	c    *call
}

func (w *idleWatch) Read(p []byte) (int, error) {
	n, err := w.body.Read(p)
	if n > 0 {
		w.c.lastRead.Store(int64(time.Since(w.c.start)))
	}
	return n, err
}

func (w *idleWatch) Close() error { return w.body.Close() }

// After an upstream's answer has ended by its own account (Azure's
// [DONE], Bedrock's last event), what is left of its body is usually just
// the chunked encoding's last chunk, on its way or already there. It is
// read before the body is closed, since a body closed unread costs its
// connection: the next call pays for a new one, and for Azure a TLS
// handshake. An upstream that sends more, or nothing, is cut off.
const (
	settleLimit = 4 << 10
	settleWait  = 250 * time.Millisecond
)

// answerEnded marks the upstream's answer as complete, before the client
// is sent its end: the client may then leave at once (most SDKs close the
// response at [DONE]), which must no longer cancel the call while settle
// reads the body's end.
func (c *call) answerEnded() { c.stopClientWatch() }

// settle reads body to its end, within settleLimit and settleWait.
func (c *call) settle(body io.Reader) {
	t := time.AfterFunc(settleWait, func() { c.cancel(errSettled) })
	_, _ = io.CopyN(io.Discard, body, settleLimit)
	t.Stop()
}

var errSettled = errors.New("the upstream sent nothing more after its answer ended")

// upstreamRequestID reads the id an upstream gives its answer: Bedrock's
// x-amzn-RequestId, Azure's apim-request-id or x-request-id.
func upstreamRequestID(h http.Header) string {
	for _, k := range [...]string{"X-Amzn-Requestid", "Apim-Request-Id", "X-Request-Id"} {
		if v := h[k]; len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// errorRequestID is the upstream's id of a call that failed.
func errorRequestID(err error) string {
	var b *bedrock.APIError
	if errors.As(err, &b) {
		return b.RequestID
	}
	var a *azure.APIError
	if errors.As(err, &a) {
		return a.RequestID
	}
	return ""
}
