package llmgateway

import (
	"fmt"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
)

// Resilience says how a model line's upstream is chosen, retried, cooled
// down, timed out and checked. In the llm_gateway block it applies to
// every model line; on a model line it overrides the block for that line.
type Resilience struct {
	// Routing picks among the model lines of one alias: weighted (weighted
	// random, the default), least_busy (fewest requests in flight),
	// latency (lowest recent time to first byte, with some exploration) or
	// ordered (by order, then line order). The lines of one alias must
	// agree.
	Routing string `json:"routing,omitempty"`

	// Retries is how many more attempts a request may make on model lines
	// it has already tried, after every line of its alias was tried once.
	// They wait an exponential backoff with full jitter, at least the
	// Retry-After the upstream sent. Default: 0.
	Retries Int `json:"retries,omitzero"`

	// RetryBudget caps the total time a request waits between attempts.
	// A retry whose wait would pass it is not made. Default: 30s.
	RetryBudget Duration `json:"retry_budget,omitzero"`

	// AllowedFails is how many failures within a minute put a model line
	// into cooldown. Default: 3.
	AllowedFails Int `json:"allowed_fails,omitzero"`

	// Cooldown is how long a model line that answered 429, or failed
	// allowed_fails times within a minute, is left out; a longer
	// Retry-After wins. Default: 30s.
	Cooldown Duration `json:"cooldown,omitzero"`

	// ConnectTimeout bounds establishing a connection to the upstream.
	// Default: 10s.
	ConnectTimeout Duration `json:"connect_timeout,omitzero"`

	// FirstByteTimeout bounds the wait for the upstream's response
	// headers. A non-streaming answer's headers come when the whole answer
	// is ready, so it must allow for a long generation. Default: 10m.
	FirstByteTimeout Duration `json:"first_byte_timeout,omitzero"`

	// IdleTimeout ends a stream whose upstream has sent nothing for this
	// long. Default: 5m, room for a reasoning model that thinks silently.
	IdleTimeout Duration `json:"idle_timeout,omitzero"`

	// Timeout bounds a whole attempt, a stream's last event included.
	// Default: 30m.
	Timeout Duration `json:"timeout,omitzero"`

	// HealthCheck, when set, sends the model line's upstream the cheapest
	// real call it offers at this interval, and leaves the line out of
	// rotation while the call fails. Default: off.
	HealthCheck Duration `json:"health_check,omitzero"`
}

// Defaults of the resilience options.
const (
	DefaultRoutingPolicy    = "weighted"
	DefaultRetryBudget      = 30 * time.Second
	DefaultAllowedFails     = 3
	DefaultCooldown         = 30 * time.Second
	DefaultConnectTimeout   = 10 * time.Second
	DefaultFirstByteTimeout = 10 * time.Minute
	DefaultIdleTimeout      = 5 * time.Minute
	DefaultTimeout          = 30 * time.Minute
)

// policy is a model line's Resilience, resolved and with defaults.
type policy struct {
	routing      string
	retries      int
	retryBudget  time.Duration
	allowedFails int
	cooldown     time.Duration
	healthCheck  time.Duration
}

// resolvePolicy resolves a model line's options over the block's: the
// router's policy, and the timeouts of each attempt.
func resolvePolicy(line, block Resilience, repl *caddy.Replacer) (policy, backend.Timeouts, error) {
	p := policy{routing: repl.ReplaceAll(line.Routing, "")}
	var t backend.Timeouts
	if p.routing == "" {
		p.routing = repl.ReplaceAll(block.Routing, "")
	}
	if p.routing == "" {
		p.routing = DefaultRoutingPolicy
	}
	if _, ok := selectors[p.routing]; !ok {
		return p, t, fmt.Errorf("unknown routing policy %q (expected weighted, least_busy, latency or ordered)", p.routing)
	}
	ints := []struct {
		name      string
		v         Int
		dst       *int
		def, low  int
		unlimited bool
	}{
		{"retries", line.Retries.Or(block.Retries), &p.retries, 0, 0, false},
		{"allowed_fails", line.AllowedFails.Or(block.AllowedFails), &p.allowedFails, DefaultAllowedFails, 1, false},
	}
	for _, o := range ints {
		n, err := o.v.Resolve(repl)
		if err != nil {
			return p, t, fmt.Errorf("%s: %v", o.name, err)
		}
		if !o.v.IsSet() {
			n = int64(o.def)
		}
		if n < int64(o.low) || n > maxCount {
			return p, t, fmt.Errorf("%s must be between %d and %d, not %d", o.name, o.low, maxCount, n)
		}
		*o.dst = int(n)
	}
	durations := []struct {
		name string
		v    Duration
		dst  *time.Duration
		def  time.Duration
	}{
		{"retry_budget", line.RetryBudget.Or(block.RetryBudget), &p.retryBudget, DefaultRetryBudget},
		{"cooldown", line.Cooldown.Or(block.Cooldown), &p.cooldown, DefaultCooldown},
		{"connect_timeout", line.ConnectTimeout.Or(block.ConnectTimeout), &t.Connect, DefaultConnectTimeout},
		{"first_byte_timeout", line.FirstByteTimeout.Or(block.FirstByteTimeout), &t.FirstByte, DefaultFirstByteTimeout},
		{"idle_timeout", line.IdleTimeout.Or(block.IdleTimeout), &t.Idle, DefaultIdleTimeout},
		{"timeout", line.Timeout.Or(block.Timeout), &t.Total, DefaultTimeout},
		{"health_check", line.HealthCheck.Or(block.HealthCheck), &p.healthCheck, 0},
	}
	for _, o := range durations {
		d, err := o.v.Resolve(repl)
		if err != nil {
			return p, t, fmt.Errorf("%s: %v", o.name, err)
		}
		if !o.v.IsSet() {
			d = o.def
		}
		if d < 0 {
			return p, t, fmt.Errorf("%s must not be negative", o.name)
		}
		*o.dst = d
	}
	if p.healthCheck != 0 && p.healthCheck < time.Second {
		return p, t, fmt.Errorf("health_check interval %v is below the minimum of 1s", p.healthCheck)
	}
	if t.Connect == DefaultConnectTimeout {
		t.Connect = 0 // the connection pool dials with the default itself
	}
	return p, t, nil
}

// maxCount bounds counts in the configuration (retries, weights, limits):
// far above any sensible value, far below anything that could overflow.
const maxCount = 1 << 30

// parseResilience reads the resilience option on the current Caddyfile
// line into r, if it is one; ok reports whether it was.
func parseResilience(d *caddyfile.Dispenser, r *Resilience) (ok bool, err error) {
	sub := d.Val()
	durations := map[string]*Duration{
		"retry_budget": &r.RetryBudget, "cooldown": &r.Cooldown, "connect_timeout": &r.ConnectTimeout,
		"first_byte_timeout": &r.FirstByteTimeout, "idle_timeout": &r.IdleTimeout, "timeout": &r.Timeout,
		"health_check": &r.HealthCheck,
	}
	switch {
	case sub == "routing":
		if r.Routing != "" {
			return true, d.Errf("routing is set twice")
		}
		if !d.AllArgs(&r.Routing) {
			return true, d.ArgErr()
		}
		if _, known := selectors[r.Routing]; !known && !isPlaceholder(r.Routing) {
			return true, d.Errf("unknown routing policy %q (expected weighted, least_busy, latency or ordered)", r.Routing)
		}
	case sub == "retries" || sub == "allowed_fails":
		dst := &r.Retries
		if sub == "allowed_fails" {
			dst = &r.AllowedFails
		}
		if dst.IsSet() {
			return true, d.Errf("%s is set twice", sub)
		}
		v, err := intArg(d, sub)
		if err == nil && v.ph == "" && (v.n < 0 || (sub == "allowed_fails" && v.n == 0)) {
			err = d.Errf("invalid %s %q: want a whole number of at least %d", sub, d.Val(), map[bool]int{true: 1, false: 0}[sub == "allowed_fails"])
		}
		*dst = v
		return true, err
	case durations[sub] != nil:
		dst := durations[sub]
		if dst.IsSet() {
			return true, d.Errf("%s is set twice", sub)
		}
		v, err := durationArg(d, sub)
		if err == nil && v.ph == "" && v.d < 0 {
			err = d.Errf("invalid %s %q: must not be negative", sub, d.Val())
		}
		*dst = v
		return true, err
	default:
		return false, nil
	}
	return true, nil
}
