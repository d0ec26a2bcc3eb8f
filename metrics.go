package llmgateway

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// The gateway's metrics live on Caddy's metrics registry, which belongs to
// one loaded configuration: they are served wherever Caddy's own are
// (the admin endpoint's /metrics, the metrics handler) and disappear with
// a configuration that is reloaded away. Every label value comes from the
// configuration or from a small fixed set, so no client can grow the
// number of series: a request for a model that is not configured counts
// under alias "unknown".

const (
	metricsNamespace = "caddy"
	metricsSubsystem = "llm_gateway"
	unknownAlias     = "unknown"
)

// Buckets fit LLM calls: from a cached 10 ms answer to a five-minute
// generation; token counts from a short prompt to a long context.
var (
	latencyBuckets = []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300}
	rateBuckets    = []float64{1, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000}
	tokenBuckets   = prometheus.ExponentialBuckets(16, 4, 9) // 16 to 1M
)

// Token kinds of tokens_total.
const (
	tokensInput = iota
	tokensOutput
	tokensCachedRead
	tokensCachedWrite
	tokensReasoning
	tokenKinds
)

var tokenKindNames = [tokenKinds]string{"input", "output", "cached_read", "cached_write", "reasoning"}

// Outcomes of upstream_attempts_total.
const (
	outcomeOK = iota
	outcomeThrottled
	outcomeTimeout
	outcomeUnavailable
	outcomeCredentials
	outcomeRejected // a final 4xx: the request, the context window, a content filter
	outcomeClientGone
	outcomes
)

var outcomeNames = [outcomes]string{"ok", "throttled", "timeout", "unavailable", "credentials", "rejected", "client_gone"}

// gatewayMetrics are the collectors of one registry, shared by every
// llm_gateway handler of the configuration.
type gatewayMetrics struct {
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	ttft          *prometheus.HistogramVec
	outputRate    *prometheus.HistogramVec
	requestTokens *prometheus.HistogramVec
	tokens        *prometheus.CounterVec
	attempts      *prometheus.CounterVec
	upstreamErrs  *prometheus.CounterVec
	inFlight      *prometheus.GaugeVec
	cooldowns     *prometheus.CounterVec
	cost          *prometheus.CounterVec
	available     *availabilityCollector
}

// sharedMetrics holds, per registry, the collectors and how many handlers
// use them: a configuration with two llm_gateway handlers registers once.
var sharedMetrics = struct {
	sync.Mutex
	byRegistry map[*prometheus.Registry]*metricsUse
}{byRegistry: make(map[*prometheus.Registry]*metricsUse)}

type metricsUse struct {
	m     *gatewayMetrics
	users int
}

// acquireMetrics returns the registry's collectors, registering them on
// first use.
func acquireMetrics(reg *prometheus.Registry) (*gatewayMetrics, error) {
	sharedMetrics.Lock()
	defer sharedMetrics.Unlock()
	use := sharedMetrics.byRegistry[reg]
	if use == nil {
		m, err := newGatewayMetrics(reg)
		if err != nil {
			return nil, err
		}
		use = &metricsUse{m: m}
		sharedMetrics.byRegistry[reg] = use
	}
	use.users++
	return use.m, nil
}

// releaseMetrics undoes acquireMetrics, and takes g's deployments out of
// deployment_available, when g is cleaned up.
func releaseMetrics(reg *prometheus.Registry, g *Gateway) {
	sharedMetrics.Lock()
	defer sharedMetrics.Unlock()
	use := sharedMetrics.byRegistry[reg]
	if use == nil {
		return
	}
	use.m.available.remove(g)
	if use.users--; use.users == 0 {
		delete(sharedMetrics.byRegistry, reg)
	}
}

func newGatewayMetrics(reg *prometheus.Registry) (*gatewayMetrics, error) {
	m := &gatewayMetrics{
		requests: prometheus.NewCounterVec(counterOpts("requests_total",
			"Requests to the gateway's model endpoints, by the status answered."),
			[]string{"alias", "provider", "endpoint", "stream", "code"}),
		duration: prometheus.NewHistogramVec(histogramOpts("request_duration_seconds",
			"Time from a request's arrival to the end of its answer, retries and fallbacks included.", latencyBuckets),
			[]string{"alias", "provider", "endpoint", "stream"}),
		ttft: prometheus.NewHistogramVec(histogramOpts("time_to_first_token_seconds",
			"Streams: time from a request's arrival to the first content the client is sent.", latencyBuckets),
			[]string{"alias", "provider"}),
		outputRate: prometheus.NewHistogramVec(histogramOpts("output_tokens_per_second",
			"Output tokens per second of generation: after the first token for streams, over the whole call otherwise.", rateBuckets),
			[]string{"alias", "provider"}),
		requestTokens: prometheus.NewHistogramVec(histogramOpts("request_tokens",
			"Tokens of one request, input or output, as the upstream reported them.", tokenBuckets),
			[]string{"alias", "provider", "kind"}),
		tokens: prometheus.NewCounterVec(counterOpts("tokens_total",
			"Tokens the upstreams reported, by kind: input (all of it, cached included), output, cached_read, cached_write, reasoning."),
			[]string{"alias", "provider", "kind"}),
		attempts: prometheus.NewCounterVec(counterOpts("upstream_attempts_total",
			"Calls to upstream deployments, by outcome: ok, throttled, timeout, unavailable, credentials, rejected, client_gone."),
			[]string{"alias", "deployment", "outcome"}),
		upstreamErrs: prometheus.NewCounterVec(counterOpts("upstream_errors_total",
			"Failed calls to upstream deployments, by the status the gateway maps the failure to."),
			[]string{"alias", "deployment", "code"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: metricsNamespace, Subsystem: metricsSubsystem,
			Name: "in_flight_requests", Help: "Requests being answered right now."},
			[]string{"alias"}),
		cooldowns: prometheus.NewCounterVec(counterOpts("deployment_cooldowns_total",
			"Times a deployment was taken out of rotation to cool down."),
			[]string{"alias", "deployment"}),
		cost: prometheus.NewCounterVec(counterOpts("cost_usd_total",
			"What the reported tokens cost, in US dollars, at the configured prices."),
			[]string{"alias"}),
		available: &availabilityCollector{desc: prometheus.NewDesc(
			prometheus.BuildFQName(metricsNamespace, metricsSubsystem, "deployment_available"),
			"1 while a deployment is in rotation, 0 while it cools down, fails its health checks or has spent its budget.",
			[]string{"alias", "deployment"}, nil)},
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration, m.ttft, m.outputRate, m.requestTokens, m.tokens,
		m.attempts, m.upstreamErrs, m.inFlight, m.cooldowns, m.cost, m.available} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("registering the gateway's metrics: %v", err)
		}
	}
	return m, nil
}

func counterOpts(name, help string) prometheus.CounterOpts {
	return prometheus.CounterOpts{Namespace: metricsNamespace, Subsystem: metricsSubsystem, Name: name, Help: help}
}

func histogramOpts(name, help string, buckets []float64) prometheus.HistogramOpts {
	return prometheus.HistogramOpts{Namespace: metricsNamespace, Subsystem: metricsSubsystem, Name: name, Help: help,
		Buckets: buckets}
}

// deploymentMetrics are one deployment's series, resolved once at
// provision so that the request path does no label lookups for them.
type deploymentMetrics struct {
	attempts  [outcomes]prometheus.Counter
	tokens    [tokenKinds]prometheus.Counter
	cooldowns prometheus.Counter
	alias     string
	index     string
	errors    *prometheus.CounterVec
}

// upstreamErrors is the series of failures mapped to status: looked up
// when one happens, since statuses are many and failures few.
func (dm *deploymentMetrics) upstreamErrors(status int) prometheus.Counter {
	return dm.errors.WithLabelValues(dm.alias, dm.index, strconv.Itoa(status))
}

// attemptOutcome is the outcome label of a failed attempt.
func attemptOutcome(kind translate.FailureKind) int {
	switch kind {
	case translate.FailThrottled:
		return outcomeThrottled
	case translate.FailTimeout:
		return outcomeTimeout
	case translate.FailUnavailable:
		return outcomeUnavailable
	case translate.FailCredentials:
		return outcomeCredentials
	}
	return outcomeRejected
}

// poolMetrics are one alias's.
type poolMetrics struct {
	inFlight prometheus.Gauge
	cost     prometheus.Counter
}

func (m *gatewayMetrics) forDeployment(d *deployment) *deploymentMetrics {
	dm := &deploymentMetrics{alias: d.Alias, index: strconv.Itoa(d.Index), errors: m.upstreamErrs}
	for o := range dm.attempts {
		dm.attempts[o] = m.attempts.WithLabelValues(d.Alias, dm.index, outcomeNames[o])
	}
	for k := range dm.tokens {
		dm.tokens[k] = m.tokens.WithLabelValues(d.Alias, d.Provider, tokenKindNames[k])
	}
	dm.cooldowns = m.cooldowns.WithLabelValues(d.Alias, dm.index)
	return dm
}

func (m *gatewayMetrics) forPool(p *pool) *poolMetrics {
	return &poolMetrics{inFlight: m.inFlight.WithLabelValues(p.alias), cost: m.cost.WithLabelValues(p.alias)}
}
