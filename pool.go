package llmgateway

import (
	"math"
	"math/bits"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// maxPoolSize bounds the model lines of one alias, so the deployments a
// request has tried fit in one machine word.
const maxPoolSize = 64

// pool is the model lines of one alias, in line order.
type pool struct {
	alias       string
	deployments []*deployment
	selector    selector
	routing     string
	retryBudget time.Duration // the longest of its lines'
	// serving holds, per endpoint, the deployments that can answer it.
	serving [endpointCount]mask

	// Fallback aliases, in order, each named once, the pool's own never.
	fallbacks        []string
	contextFallbacks []string
	contentFallbacks []string

	ownedBy string // of its first line, for GET /v1/models
	// healthChecked is set when any line has active health checks.
	healthChecked bool
	metrics       *poolMetrics
}

// fallbacksFor is the fallback list a failure of kind calls for.
func (p *pool) fallbacksFor(kind translate.FailureKind) []string {
	switch kind {
	case translate.FailContextWindow:
		return p.contextFallbacks
	case translate.FailContentPolicy:
		return p.contentFallbacks
	}
	if kind.Retryable() {
		return p.fallbacks
	}
	return nil
}

// mask is a set of deployments of one pool, by index.
type mask uint64

func (m mask) has(i int) bool     { return m&(1<<uint(i)) != 0 }
func (m mask) with(i int) mask    { return m | 1<<uint(i) }
func (m mask) without(i int) mask { return m &^ (1 << uint(i)) }

// pick chooses a deployment for an attempt at t among those not in
// exclude, and takes a place on it. The lowest order that has an available
// deployment is used; the pool's policy chooses within it. It returns nil
// when none is available.
func (p *pool) pick(exclude mask, t time.Time) *deployment {
	candidates := p.available(exclude, t)
	for candidates != 0 {
		d := p.deployments[p.selector.choose(p, candidates)]
		if d.acquire(t) {
			return d
		}
		// Another request took its last place first.
		candidates = candidates.without(d.Index)
	}
	return nil
}

// available is the deployments not excluded and in rotation at t, within
// the lowest order that has any.
func (p *pool) available(exclude mask, t time.Time) mask {
	var m mask
	best := math.MaxInt
	for i, d := range p.deployments {
		if exclude.has(i) || d.order > best || d.unavailable(t) != "" {
			continue
		}
		if d.order < best {
			best, m = d.order, 0
		}
		m = m.with(i)
	}
	return m
}

// soonestBack is when the first of the pool's deployments not in rotation
// may return, and whether all of those were throttled; zero when it
// cannot say.
func (p *pool) soonestBack(t time.Time) (at time.Time, throttled bool) {
	throttled = true
	for _, d := range p.deployments {
		back := d.availableAgain(t)
		if back.IsZero() {
			continue
		}
		if at.IsZero() || back.Before(at) {
			at = back
		}
		if d.state.coolingDown(t) && !d.state.throttled.Load() {
			throttled = false
		}
	}
	return at, throttled
}

// count is how many deployments m holds.
func (m mask) count() int { return bits.OnesCount64(uint64(m)) }

// nth is the index of the n-th (from 0) deployment in m.
func (m mask) nth(n int) int {
	for ; n > 0; n-- {
		m &= m - 1
	}
	return bits.TrailingZeros64(uint64(m))
}
