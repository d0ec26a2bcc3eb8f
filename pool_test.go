package llmgateway

import (
	"net/http"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/prometheus/client_golang/prometheus"
)

// handPool builds a pool of one deployment per weight, each with fresh
// state and the default policy, for tests and benchmarks of the router
// that need no upstream.
func handPool(routing string, weights ...int) *pool {
	p := &pool{alias: "m", selector: selectors[routing], routing: routing, retryBudget: DefaultRetryBudget}
	for i, w := range weights {
		d := &deployment{
			Deployment: backend.Deployment{Alias: "m", Index: i, Provider: providerBedrock, Account: "a"}, weight: w,
			policy: policy{routing: routing, allowedFails: DefaultAllowedFails, cooldown: DefaultCooldown},
			state:  new(deploymentState),
		}
		p.deployments = append(p.deployments, d)
		p.serving[endpointChat] = p.serving[endpointChat].with(i)
	}
	// Series on a registry of their own, as a provisioned pool has them.
	m, err := newGatewayMetrics(prometheus.NewRegistry())
	if err != nil {
		panic(err)
	}
	for _, d := range p.deployments {
		d.metrics = m.forDeployment(d)
	}
	p.metrics = m.forPool(p)
	return p
}

// failChecks marks d as failing the health checks it is given.
func failChecks(d *deployment) {
	d.policy.healthCheck = time.Second
	d.state.unhealthy.Store(true)
}

// maskOf is the set of the given deployments.
func maskOf(indexes ...int) mask {
	var m mask
	for _, i := range indexes {
		m = m.with(i)
	}
	return m
}

var poolStart = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// TestPoolAvailable: the deployments a pick chooses from are those in
// rotation, within the lowest order that has any.
func TestPoolAvailable(t *testing.T) {
	for i, tc := range []struct {
		name    string
		setup   func(p *pool)
		exclude mask
		want    mask
	}{
		{name: "all in rotation", setup: func(*pool) {}, want: maskOf(0, 1, 2)},
		{name: "excluded ones left out", setup: func(*pool) {}, exclude: maskOf(1), want: maskOf(0, 2)},
		{name: "lowest order only", setup: func(p *pool) {
			p.deployments[0].order = 1
		}, want: maskOf(1, 2)},
		{name: "a higher order after a lower one", setup: func(p *pool) {
			p.deployments[1].order = 1
		}, want: maskOf(0, 2)},
		{name: "next order once the lower one is out", setup: func(p *pool) {
			p.deployments[0].order = 1
			p.deployments[1].state.coolDown(poolStart, time.Minute, true)
			failChecks(p.deployments[2])
		}, want: maskOf(0)},
		{name: "next order once the lower one is excluded", setup: func(p *pool) {
			p.deployments[2].order = 2
		}, exclude: maskOf(0, 1), want: maskOf(2)},
		{name: "cooldown over", setup: func(p *pool) {
			p.deployments[1].state.coolDown(poolStart.Add(-time.Minute), 30*time.Second, true)
		}, want: maskOf(0, 1, 2)},
		{name: "max_concurrent reached", setup: func(p *pool) {
			p.deployments[1].maxConcurrent = 2
			p.deployments[1].state.inFlight.Store(2)
			p.deployments[2].maxConcurrent = 2
			p.deployments[2].state.inFlight.Store(1)
		}, want: maskOf(0, 2)},
		{name: "rpm spent this minute", setup: func(p *pool) {
			p.deployments[0].rpm = 3
			setSpent(&p.deployments[0].state.requests, poolStart, 3)
		}, want: maskOf(1, 2)},
		{name: "rpm spent last minute", setup: func(p *pool) {
			p.deployments[0].rpm = 3
			setSpent(&p.deployments[0].state.requests, poolStart.Add(-time.Minute), 3)
		}, want: maskOf(0, 1, 2)},
		{name: "tpm spent", setup: func(p *pool) {
			p.deployments[2].tpm = 100
			setSpent(&p.deployments[2].state.tokens, poolStart, 120)
		}, want: maskOf(0, 1)},
		{name: "a failed check from a config that checked", setup: func(p *pool) {
			p.deployments[0].state.unhealthy.Store(true)
		}, want: maskOf(0, 1, 2)},
		{name: "none", setup: func(p *pool) {
			for _, d := range p.deployments {
				failChecks(d)
			}
		}, want: 0},
	} {
		p := handPool("ordered", 1, 1, 1)
		tc.setup(p)
		if got := p.available(tc.exclude, poolStart); got != tc.want {
			t.Errorf("%d %s: available %b, want %b", i, tc.name, got, tc.want)
		}
	}
}

// TestPickTakesAPlace: a pick counts against max_concurrent and rpm at
// once, so concurrent requests cannot all take the last place.
func TestPickTakesAPlace(t *testing.T) {
	p := handPool("ordered", 1, 1)
	p.deployments[0].maxConcurrent = 1
	p.deployments[1].rpm = 1
	if d := p.pick(0, poolStart); d == nil || d.Index != 0 {
		t.Fatalf("first pick: %v", d)
	}
	if d := p.pick(0, poolStart); d == nil || d.Index != 1 {
		t.Fatalf("second pick: %v", d)
	}
	if d := p.pick(0, poolStart); d != nil {
		t.Fatalf("third pick: %d, want none", d.Index)
	}
	p.deployments[0].release(0)
	if d := p.pick(0, poolStart); d == nil || d.Index != 0 {
		t.Fatalf("pick after a release: %v", d)
	}
	if n := p.deployments[1].state.inFlight.Load(); n != 1 {
		t.Errorf("deployment 1 has %d in flight", n)
	}

	// Two requests that both saw the last place free: one gets it, and
	// the other leaves nothing behind.
	for _, limit := range []string{"max_concurrent", "rpm"} {
		d := handPool("ordered", 1).deployments[0]
		if limit == "rpm" {
			d.rpm = 1
		} else {
			d.maxConcurrent = 1
		}
		if !d.acquire(poolStart) || d.acquire(poolStart) {
			t.Errorf("%s 1: both acquired the last place", limit)
		}
		if n := d.state.inFlight.Load(); n != 1 {
			t.Errorf("%s 1: %d in flight after a refused acquire", limit, n)
		}
	}
}

// TestUnavailableError: a request none of whose deployments is in rotation
// gets 429 when they are out for throttling or spent limits, 503
// otherwise, with Retry-After the soonest return when one is known.
func TestUnavailableError(t *testing.T) {
	for i, tc := range []struct {
		name       string
		setup      func(p *pool)
		status     int
		retryAfter string
	}{
		{name: "throttled", setup: func(p *pool) {
			p.deployments[0].state.coolDown(poolStart, 40*time.Second, true)
			p.deployments[1].state.coolDown(poolStart, 25500*time.Millisecond, true)
		}, status: http.StatusTooManyRequests, retryAfter: "11"},
		{name: "failing", setup: func(p *pool) {
			p.deployments[0].state.coolDown(poolStart, 40*time.Second, true)
			p.deployments[1].state.coolDown(poolStart, 30*time.Second, false)
		}, status: http.StatusServiceUnavailable, retryAfter: "15"},
		{name: "rpm spent", setup: func(p *pool) {
			for _, d := range p.deployments {
				d.rpm = 1
				d.acquire(poolStart)
			}
		}, status: http.StatusTooManyRequests, retryAfter: "45"},
		{name: "max_concurrent reached", setup: func(p *pool) {
			for _, d := range p.deployments {
				d.maxConcurrent = 1
				d.acquire(poolStart)
			}
		}, status: http.StatusTooManyRequests, retryAfter: "1"},
		{name: "unhealthy", setup: func(p *pool) {
			for _, d := range p.deployments {
				failChecks(d)
			}
		}, status: http.StatusServiceUnavailable},
		{name: "unhealthy, one also at max_concurrent", setup: func(p *pool) {
			for _, d := range p.deployments {
				failChecks(d)
				d.maxConcurrent = 1
				d.acquire(poolStart)
			}
		}, status: http.StatusServiceUnavailable},
	} {
		p := handPool("weighted", 1, 1)
		tc.setup(p)
		at := poolStart.Add(15 * time.Second)
		if p.available(0, at) != 0 {
			t.Fatalf("%d %s: a deployment is available", i, tc.name)
		}
		e := p.unavailableError(at)
		if e.Status != tc.status || e.RetryAfter != tc.retryAfter {
			t.Errorf("%d %s: status %d, Retry-After %q; want %d, %q", i, tc.name, e.Status, e.RetryAfter, tc.status, tc.retryAfter)
		}
	}
}

// TestAttemptBookkeepingAllocatesNothing: what the router does for every
// attempt (a pick, its release, and a failure counted) allocates nothing
// under any policy.
func TestAttemptBookkeepingAllocatesNothing(t *testing.T) {
	rt := &routing{g: &Gateway{logger: zap.NewNop()}}
	failure := &translate.Error{Status: 503, Type: translate.ErrServer, Message: "busy", Kind: translate.FailUnavailable}
	for routing := range selectors {
		p := benchPool(routing, 8)
		allocs := testing.AllocsPerRun(1000, func() {
			d := p.pick(0, clock.Now())
			d.release(20)
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per pick and release", routing, allocs)
		}
		allocs = testing.AllocsPerRun(1000, func() {
			d := p.pick(0, clock.Now())
			d.release(0)
			rt.fail(d, failure)
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per failed attempt", routing, allocs)
		}
	}
}
