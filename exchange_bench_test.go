package llmgateway

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// BenchmarkExchangeDone is what the metrics add to every answered request:
// the series looked up and updated once the request is done.
func BenchmarkExchangeDone(b *testing.B) {
	p := handPool("weighted", 1)
	d := p.deployments[0]
	g := &Gateway{metrics: nil}
	m, err := newGatewayMetrics(prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	g.metrics = m
	d.metrics, p.metrics = m.forDeployment(d), m.forPool(p)
	rt := &routing{answered: d, attempts: 1,
		usage: translate.Usage{PromptTokens: 1200, CompletionTokens: 300, CachedTokens: 1000}}
	b.ReportAllocs()
	for b.Loop() {
		x := exchange{g: g, ep: endpointChat, start: time.Now(), pool: p, stream: true, rt: rt, status: 200,
			firstToken: time.Millisecond, ended: 2 * time.Millisecond}
		p.metrics.inFlight.Inc()
		x.done()
	}
}
