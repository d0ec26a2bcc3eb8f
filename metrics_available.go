package llmgateway

import (
	"slices"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
)

// availabilityCollector reports deployment_available when scraped, from
// the deployments' own state: nothing is kept up to date between scrapes.
type availabilityCollector struct {
	desc     *prometheus.Desc
	mu       sync.Mutex
	gateways []*Gateway
}

func (a *availabilityCollector) add(g *Gateway) {
	a.mu.Lock()
	a.gateways = append(a.gateways, g)
	a.mu.Unlock()
}

func (a *availabilityCollector) remove(g *Gateway) {
	a.mu.Lock()
	a.gateways = slices.DeleteFunc(a.gateways, func(x *Gateway) bool { return x == g })
	a.mu.Unlock()
}

func (a *availabilityCollector) Describe(ch chan<- *prometheus.Desc) { ch <- a.desc }

func (a *availabilityCollector) Collect(ch chan<- prometheus.Metric) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t := clock.Now()
	for _, g := range a.gateways {
		for _, d := range g.deployments {
			v := 1.0
			if d.unavailable(t) != "" {
				v = 0
			}
			ch <- prometheus.MustNewConstMetric(a.desc, prometheus.GaugeValue, v, d.Alias, d.metrics.index)
		}
	}
}
