package llmgateway

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// attemptFunc makes one attempt of a request on the deployment of c.
type attemptFunc func(c *call) (backend.Reply, *translate.Error)

// routing is one request's way through its alias's pool and on to
// fallbacks. Nothing is written to the client until an attempt has
// produced a reply (for a stream: its first bytes); until then every
// failure may still be retried elsewhere.
type routing struct {
	g      *Gateway
	w      http.ResponseWriter
	r      *http.Request
	x      *exchange // nil only in tests of the bookkeeping alone
	ep     endpoint
	stream bool
	do     attemptFunc

	attempts int
	waited   time.Duration // spent in backoff, against the retry budget
	last     *translate.Error
	lastWait time.Duration // the Retry-After of the last failure
	gone     bool          // the client went away
	answered *deployment
	// lastTried is the deployment of the last attempt, answered or not.
	lastTried *deployment
	usage     translate.Usage
	// firstCall is the first attempt's, kept here to save an allocation
	// on the common path; later attempts get their own, since a timer of
	// an earlier one may still be running.
	firstCall call
	// out is a stream's output buffer, from outBufs, while one is read.
	out *[]byte
}

// failureLatency is the time to first byte a failed attempt counts as.
const failureLatency = 30 * time.Second

// Backoff between retries: exponential from retryBase, capped at
// retryCap, with full jitter.
const (
	retryBase = 500 * time.Millisecond
	retryCap  = 8 * time.Second
)

// route serves a request from pool p, then from the fallbacks its failure
// calls for, and answers the client: the reply of the first attempt that
// succeeds, or the last failure. w is the request's exchange, which every
// model endpoint is handed (see ServeHTTP).
func (g *Gateway) route(w http.ResponseWriter, r *http.Request, p *pool, ep endpoint, stream bool, do attemptFunc) *routing {
	x := w.(*exchange)
	rt := &routing{g: g, w: w, r: r, x: x, ep: ep, stream: stream, do: do}
	x.rt = rt
	defer rt.returnOut()
	if rt.tryPool(p) || rt.gone {
		return rt
	}
	// The client asked for p's alias: when its fallbacks fail too, the
	// answer is p's failure, which names what they met.
	primary := rt.last
	var alsoFailed []string
	for _, alias := range p.fallbacksFor(primary.Kind) {
		fp := g.pools[alias]
		if fp.serving[ep] == 0 {
			continue
		}
		if c := g.logger.Check(zapcore.DebugLevel, "falling back"); c != nil {
			c.Write(zap.String("model", p.alias), zap.String("fallback", alias), zap.String("after", rt.last.Message))
		}
		if rt.tryPool(fp) || rt.gone {
			return rt
		}
		alsoFailed = append(alsoFailed, alias+" ("+strconv.Itoa(rt.last.Status)+" "+firstNonEmpty(rt.last.Code, rt.last.Type)+")")
	}
	if len(alsoFailed) > 0 {
		e := *primary
		e.Message += "; fallbacks failed too: " + strings.Join(alsoFailed, ", ")
		primary = &e
	}
	if primary.Kind == translate.FailThrottled {
		// The deployments now cool down for longer than the upstream may
		// have asked: a client that waits less only meets the gateway's
		// own 429.
		t := clock.Now()
		if back, _ := p.soonestBack(t); back.After(t.Add(retryAfter(primary))) {
			e := *primary
			e.RetryAfter = strconv.Itoa(int(math.Ceil(back.Sub(t).Seconds())))
			primary = &e
		}
	}
	writeError(w, primary)
	return rt
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// tryPool tries p's deployments: each available one once (failover), then
// retries of those with retries left, after a backoff, within the retry
// budget. It reports whether an attempt succeeded; on false, rt.last says
// why not.
func (rt *routing) tryPool(p *pool) bool {
	skip := ^p.serving[rt.ep] // deployments that cannot serve the endpoint
	var tried mask
	before := rt.attempts
	for {
		d := p.pick(tried|skip, clock.Now())
		if d == nil {
			break
		}
		tried = tried.with(d.Index)
		if done, stop := rt.attempt(d); done || stop {
			return done
		}
	}
	var retried [maxPoolSize]uint8
	for n := 0; ; n++ {
		wait := backoff(n, rt.lastWait)
		back := clock.Now().Add(wait)
		var retryable mask
		for i, d := range p.deployments {
			// One still cooling down when the wait ends is not waited for.
			if tried.has(i) && int(retried[i]) < d.policy.retries && !d.state.coolingDown(back) {
				retryable = retryable.with(i)
			}
		}
		if retryable == 0 {
			break
		}
		if rt.waited+wait > p.retryBudget {
			rt.log(nil, "retry budget spent", zap.Duration("wait", wait), zap.Duration("waited", rt.waited))
			break
		}
		if !clock.Sleep(rt.r.Context(), wait) {
			rt.gone = true
			return false
		}
		rt.waited += wait
		d := p.pick(^retryable, clock.Now())
		if d == nil {
			break // the ones left are cooling down: no request waits for that
		}
		retried[d.Index]++
		if done, stop := rt.attempt(d); done || stop {
			return done
		}
	}
	if rt.attempts == before {
		rt.last = p.unavailableError(clock.Now())
	}
	return false
}

// attempt makes one attempt on d, which pick has taken a place on, and
// relays its reply if it succeeds. done reports a reply sent; stop that
// nothing more is to be tried in this pool.
func (rt *routing) attempt(d *deployment) (done, stop bool) {
	refreshed := false
	for {
		rt.attempts++
		c := &rt.firstCall
		if rt.attempts > 1 {
			c = new(call)
		}
		c.begin(rt.g, rt.r, d, rt.x.requestID)
		rt.lastTried = d
		if d.Provider != providerBedrock {
			// Azure takes it as its own correlation id.
			c.SetContext(upstream.WithRequestID(c.Context(), rt.x.requestID))
		}
		c.startSpan(rt.r, rt.ep)
		rep, err := rt.do(c)
		var first []byte
		var ended bool
		if err == nil && rep.Stream != nil {
			first, ended, err = rt.firstBytes(rep)
		}
		rt.x.upstreamID = c.UpstreamID()
		if err == nil {
			d.metrics.attempts[outcomeOK].Inc()
			rt.commit(d, c, rep, first, ended)
			return true, true
		}
		c.endSpan(translate.Usage{}, "", err)
		c.End()
		if err == backend.ErrClientGone {
			d.metrics.attempts[outcomeClientGone].Inc()
			d.release(0)
			rt.gone = true
			return false, true
		}
		d.metrics.attempts[attemptOutcome(err.Kind)].Inc()
		d.metrics.upstreamErrors(err.Status).Inc()
		if err.Kind == translate.FailCredentials && !refreshed {
			// The account's cached credentials were refused: they may have
			// expired or been rotated. Fetch fresh ones and try once more.
			refreshed = true
			rt.log(d, "credentials refused; retrying with fresh ones")
			d.backend.InvalidateCredentials()
			continue
		}
		d.release(0)
		rt.fail(d, err)
		return false, !err.Kind.Retryable()
	}
}

// returnOut gives back a stream's output buffer that no attempt
// committed (commit gives back its own).
func (rt *routing) returnOut() {
	if rt.out != nil {
		backend.OutBufs.Put(rt.out, *rt.out)
		rt.out = nil
	}
}

// firstBytes reads a stream until it yields bytes that say something, or
// ends (which it reports): only then is the attempt a success, and a
// stream that fails before that can still be retried elsewhere. The chunk that only announces the
// assistant's role is held back with what follows it, so that an
// upstream that throttles or fails right after starting its answer still
// fails over.
func (rt *routing) firstBytes(rep backend.Reply) ([]byte, bool, *translate.Error) {
	if rt.out == nil {
		rt.out = backend.OutBufs.Get()
	}
	buf := *rt.out
	for {
		out, end, err := rep.Stream.Next(buf)
		if err != nil {
			rep.Stream.Close()
			*rt.out = out[:0] // grown or not, the next attempt's
			return nil, false, err
		}
		if end || (len(out) > 0 && !onlyRole(out)) {
			return out, end, nil
		}
		buf = out
	}
}

// fail records a failed attempt against d's state and as the request's
// last failure.
func (rt *routing) fail(d *deployment, err *translate.Error) {
	rt.last = err
	rt.lastWait = retryAfter(err)
	t := clock.Now()
	if err.Kind.Retryable() {
		// A failure is as slow as an answer can be: the latency policy
		// must not favour a deployment for failing fast.
		d.state.observeLatency(failureLatency)
	}
	switch err.Kind {
	case translate.FailThrottled:
		if d.state.coolDown(t, max(d.policy.cooldown, rt.lastWait), true) {
			d.metrics.cooldowns.Inc()
		}
	case translate.FailUnavailable, translate.FailTimeout, translate.FailCredentials:
		if d.state.recordFailure(t, d.policy.allowedFails, err.Message) &&
			d.state.coolDown(t, max(d.policy.cooldown, rt.lastWait), false) {
			d.metrics.cooldowns.Inc()
		}
	}
	if rt.g.logger.Core().Enabled(zapcore.DebugLevel) {
		// Checked here: the fields would be built, on the heap, even with
		// debug logging off.
		rt.log(d, "attempt failed", zap.Int("status", err.Status), zap.String("code", err.Code),
			zap.Uint8("kind", uint8(err.Kind)), zap.String("error", err.Message))
	}
}

func (rt *routing) log(d *deployment, msg string, fields ...zap.Field) {
	c := rt.g.logger.Check(zapcore.DebugLevel, msg)
	if c == nil {
		return
	}
	fields = append(fields, zap.Int("attempt", rt.attempts))
	if rt.x != nil {
		fields = append(fields, zap.String("request_id", rt.x.requestID))
	}
	if d != nil {
		fields = append(fields, zap.String("model", d.Alias), zap.Int("deployment", d.Index),
			zap.String("account", d.Account), zap.String("upstream_model", d.upstreamModel))
	}
	c.Write(fields...)
}

// backoff is the wait before the n-th retry (from 0): full jitter over an
// exponential ceiling, but never less than the upstream asked for.
func backoff(n int, retryAfter time.Duration) time.Duration {
	ceiling := retryCap
	if n < 5 {
		ceiling = min(retryCap, retryBase<<uint(n))
	}
	return max(time.Duration(rand.Int64N(int64(ceiling)+1)), retryAfter)
}

// retryAfter reads an error's Retry-After (seconds).
func retryAfter(e *translate.Error) time.Duration {
	if e.RetryAfter == "" {
		return 0
	}
	s, err := strconv.ParseFloat(e.RetryAfter, 64)
	if err != nil || s <= 0 || s > 24*3600 {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// unavailableError answers a request none of whose deployments is in
// rotation: 429 when they are all out for throttling or spent budgets,
// 503 otherwise, with a Retry-After when one is known. The upstream is not
// called, and the request does not wait.
func (p *pool) unavailableError(t time.Time) *translate.Error {
	back, throttled := p.soonestBack(t)
	e := &translate.Error{
		Status:  http.StatusServiceUnavailable,
		Type:    translate.ErrServer,
		Code:    "model_unavailable",
		Message: "no deployment of model '" + p.alias + "' is available right now",
		Kind:    translate.FailUnavailable,
	}
	if throttled && !back.IsZero() {
		e.Status, e.Type, e.Code, e.Kind = http.StatusTooManyRequests, translate.ErrRateLimit, "rate_limit_exceeded", translate.FailThrottled
		e.Message = "every deployment of model '" + p.alias + "' is cooling down after throttling or has spent its budget for this minute"
	}
	if !back.IsZero() {
		secs := int(math.Ceil(back.Sub(t).Seconds()))
		e.RetryAfter = strconv.Itoa(max(secs, 1))
		e.Message += "; the first is back in " + e.RetryAfter + "s"
	}
	return e
}
