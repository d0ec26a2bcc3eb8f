package llmgateway

import (
	"strconv"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// The router's own cost per attempt, without any upstream: choosing a
// deployment and taking its place, giving the place back, and, for a
// failed attempt, counting the failure against the deployment.

// benchPool is a pool of n deployments with every limit set (so every
// check runs) but far out of reach, and a latency measured for each.
func benchPool(routing string, n int) *pool {
	weights := make([]int, n)
	for i := range weights {
		weights[i] = i + 1
	}
	p := handPool(routing, weights...)
	for i, d := range p.deployments {
		d.maxConcurrent, d.rpm, d.tpm = maxCount, maxCount, maxCount
		d.state.latency.Store(int64(time.Duration(i+1) * time.Millisecond))
		// Failures are counted, and cool the deployment down for no time,
		// so the pool stays whole however long the benchmark runs.
		d.policy.cooldown = 0
	}
	return p
}

func benchRouter(b *testing.B, run func(b *testing.B, p *pool)) {
	for _, routing := range []string{"weighted", "least_busy", "latency", "ordered"} {
		for _, n := range []int{1, 8} {
			b.Run(routing+"/"+strconv.Itoa(n), func(b *testing.B) {
				p := benchPool(routing, n)
				b.ReportAllocs()
				run(b, p)
			})
		}
	}
}

// BenchmarkRouterPick is a successful attempt's bookkeeping: pick, then
// release with the tokens it used.
func BenchmarkRouterPick(b *testing.B) {
	benchRouter(b, func(b *testing.B, p *pool) {
		for b.Loop() {
			d := p.pick(0, clock.Now())
			d.release(20)
		}
	})
}

// BenchmarkRouterFailure is a failed attempt's: pick, release, and the
// failure recorded (every third within the minute starts a cooldown).
func BenchmarkRouterFailure(b *testing.B) {
	rt := &routing{g: &Gateway{logger: zap.NewNop()}}
	failure := &translate.Error{Status: 503, Type: translate.ErrServer, Message: "busy", Kind: translate.FailUnavailable}
	benchRouter(b, func(b *testing.B, p *pool) {
		for b.Loop() {
			d := p.pick(0, clock.Now())
			d.release(0)
			rt.fail(d, failure)
		}
	})
}
