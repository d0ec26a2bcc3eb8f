package llmgateway

import (
	"github.com/caddyserver/caddy/v2"
)

// provisionMetrics resolves every deployment's and alias's series on the
// configuration's registry.
func (g *Gateway) provisionMetrics(ctx caddy.Context) error {
	g.registry = ctx.GetMetricsRegistry()
	m, err := acquireMetrics(g.registry)
	if err != nil {
		return err
	}
	g.metrics = m
	for _, d := range g.deployments {
		d.metrics = m.forDeployment(d)
	}
	for _, p := range g.pools {
		p.metrics = m.forPool(p)
	}
	m.available.add(g)
	return nil
}
