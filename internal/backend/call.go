package backend

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
)

// Call is one attempt of a request on one deployment: a context that the
// client's going away, and the deployment's timeouts, cancel; and what a
// backend needs to know of the request. One timer serves all three
// timeouts: it is armed for the nearest and, when it fires, works out
// which expired or re-arms itself, so reading a stream costs an atomic
// store per read, not a timer reset.
type Call struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	d      *Deployment
	env    *Env
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

// Begin starts an attempt's clock: the whole-attempt timeout, the wait for
// the response headers, and the connect timeout of any new connection.
// requestID is the client request's, for the logs.
func (c *Call) Begin(r *http.Request, env *Env, d *Deployment, requestID string) {
	*c = Call{d: d, env: env, start: time.Now(), requestID: requestID}
	// The client's leaving cancels the call through a watch of its own,
	// which Settle can stop once the answer is complete.
	c.ctx, c.cancel = context.WithCancelCause(context.WithoutCancel(r.Context()))
	client := r.Context()
	c.stopClientWatch = context.AfterFunc(client, func() { c.cancel(context.Cause(client)) })
	if t := d.Timeouts.Connect; t > 0 {
		c.ctx = upstream.WithConnectTimeout(c.ctx, t)
	}
	if next := c.nextDeadline(0); next > 0 {
		// Armed only once c.timer is set, which onTimer reads.
		c.timer = time.AfterFunc(time.Hour, c.onTimer)
		c.timer.Reset(next)
	}
}

// Context is the attempt's: what the upstream call is made under.
func (c *Call) Context() context.Context { return c.ctx }

// SetContext replaces the attempt's context with one derived from it
// (a span's, a request id's).
func (c *Call) SetContext(ctx context.Context) { c.ctx = ctx }

// TTFB is how long the upstream took to send its response headers.
func (c *Call) TTFB() time.Duration { return c.ttfb }

// UpstreamID is the upstream's id of the call, when it sent one.
func (c *Call) UpstreamID() string { return c.upstreamID }

// nextDeadline is how long after elapsed the nearest timeout falls due,
// or 0 when none applies.
func (c *Call) nextDeadline(elapsed time.Duration) time.Duration {
	t := &c.d.Timeouts
	var next time.Duration
	consider := func(at time.Duration) {
		if left := at - elapsed; at > 0 && (next == 0 || left < next) {
			next = max(left, time.Millisecond)
		}
	}
	consider(t.Total)
	if !c.reading.Load() {
		consider(t.FirstByte)
	} else if t.Idle > 0 {
		consider(time.Duration(c.lastRead.Load()) + t.Idle)
	}
	return next
}

// onTimer runs when the nearest timeout may have expired.
func (c *Call) onTimer() {
	elapsed := time.Since(c.start)
	t := &c.d.Timeouts
	switch {
	case t.Total > 0 && elapsed >= t.Total:
		c.cancel(&timeoutCause{"timeout", t.Total})
	case !c.reading.Load() && t.FirstByte > 0 && elapsed >= t.FirstByte:
		c.cancel(&timeoutCause{"first_byte_timeout", t.FirstByte})
	case c.reading.Load() && t.Idle > 0 && elapsed-time.Duration(c.lastRead.Load()) >= t.Idle:
		c.cancel(&timeoutCause{"idle_timeout", t.Idle})
	default:
		if next := c.nextDeadline(elapsed); next > 0 {
			c.timer.Reset(next)
		}
	}
}

// Headers marks the upstream's response headers as arrived: the wait for
// the first byte is over. Its length becomes the deployment's latency
// once the attempt is known to have succeeded. The upstream's id of the
// call is kept for the logs, from the response or from the error it was
// turned into.
func (c *Call) Headers(resp *http.Response, err error) {
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

// Watch returns body with the idle timeout applied: a stream whose
// upstream sends nothing for that long is cancelled.
func (c *Call) Watch(body io.ReadCloser) io.ReadCloser {
	if c.d.Timeouts.Idle <= 0 {
		return body
	}
	c.body = idleWatch{body: body, c: c}
	return &c.body
}

// End stops the attempt's clock and releases its context.
func (c *Call) End() {
	if c.timer != nil {
		c.timer.Stop()
	}
	c.stopClientWatch()
	c.cancel(nil)
}

// timedOut returns the error for a timeout that ended the call, or nil.
func (c *Call) timedOut() *translate.Error {
	var t *timeoutCause
	if !errors.As(context.Cause(c.ctx), &t) {
		return nil
	}
	return timeoutError(c.d, t.option, t.limit)
}

// TransportError maps an error that is not the upstream's answer (no
// connection, a reset, a timeout) to the client's error, or to
// ErrClientGone.
func (c *Call) TransportError(err error) *translate.Error {
	if e := c.timedOut(); e != nil {
		return e
	}
	if errors.Is(err, upstream.ErrConnectTimeout) {
		return timeoutError(c.d, "connect_timeout", c.d.Timeouts.Connect)
	}
	if c.ctx.Err() != nil {
		return ErrClientGone
	}
	return c.env.unreachable(c.d, err)
}

func timeoutError(d *Deployment, option string, limit time.Duration) *translate.Error {
	return &translate.Error{
		Status: http.StatusGatewayTimeout,
		Type:   translate.ErrTimeout,
		Code:   option,
		Message: d.Provider + " account \"" + d.Account + "\" did not answer within " + option +
			" (" + limit.String() + ")",
		Kind: translate.FailTimeout,
	}
}

// idleWatch notes when the body last brought bytes, for the idle timeout.
type idleWatch struct {
	body io.ReadCloser
	c    *Call
}

func (w *idleWatch) Read(p []byte) (int, error) {
	n, err := w.body.Read(p)
	if n > 0 {
		w.c.lastRead.Store(int64(time.Since(w.c.start)))
	}
	return n, err
}

func (w *idleWatch) Close() error { return w.body.Close() }

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
