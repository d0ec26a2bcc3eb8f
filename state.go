package llmgateway

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/caddyserver/caddy/v2"
)

// deploymentStates holds the live state of every configured deployment,
// keyed by what makes a deployment the same one across a config reload:
// its alias, its upstream and its account's endpoint. A reload that keeps
// a deployment keeps its cooldown, its budgets and its latency; one that
// changes it starts afresh. Each config holds a reference while it is
// loaded.
var deploymentStates = caddy.NewUsagePool()

// deploymentState is what the router knows of one deployment right now.
// Everything on the request path is an atomic read or add; the lock is
// taken only to count failures.
type deploymentState struct {
	inFlight atomic.Int64
	// cooldownUntil is when the deployment returns to rotation (Unix
	// nanoseconds; 0 when it is in rotation); throttled says whether
	// the cooldown followed throttling (answered 429) or failures (503).
	cooldownUntil atomic.Int64
	throttled     atomic.Bool
	cooldowns     atomic.Int64
	// unhealthy is set while active health checks fail.
	unhealthy atomic.Bool
	// latency is a moving average of the time to first byte, in
	// nanoseconds; 0 until the first sample.
	latency atomic.Int64

	// requests and tokens are what the current minute spent.
	requests, tokens minuteBudget

	mu          sync.Mutex
	fails       []int64 // when recent failures happened, Unix nanoseconds
	lastCheck   time.Time
	checkError  string
	lastFailure string
}

// Destruct implements caddy.Destructor; the state holds no resources.
func (*deploymentState) Destruct() error { return nil }

func loadDeploymentState(key string) *deploymentState {
	v, _, _ := deploymentStates.LoadOrNew(key, func() (caddy.Destructor, error) {
		return new(deploymentState), nil
	})
	return v.(*deploymentState)
}

// coolingDown reports whether the deployment is out of rotation at t.
func (s *deploymentState) coolingDown(t time.Time) bool {
	until := s.cooldownUntil.Load()
	return until != 0 && t.UnixNano() < until
}

// coolDown takes the deployment out of rotation until t+d, unless it is
// already out for longer. started reports that it was in rotation before.
func (s *deploymentState) coolDown(t time.Time, d time.Duration, throttled bool) (started bool) {
	until := t.Add(d).UnixNano()
	for {
		cur := s.cooldownUntil.Load()
		if cur >= until {
			return false
		}
		if s.cooldownUntil.CompareAndSwap(cur, until) {
			s.throttled.Store(throttled)
			s.cooldowns.Add(1)
			return cur <= t.UnixNano()
		}
	}
}

// recordFailure counts a failure and reports whether the deployment now
// has failed allowed times within the last minute.
func (s *deploymentState) recordFailure(t time.Time, allowed int, why string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastFailure = why
	cutoff := t.Add(-time.Minute).UnixNano()
	kept := s.fails[:0]
	for _, at := range s.fails {
		if at > cutoff {
			kept = append(kept, at)
		}
	}
	s.fails = append(kept, t.UnixNano())
	if len(s.fails) >= allowed {
		s.fails = s.fails[:0]
		return true
	}
	return false
}

// observeLatency folds a time to first byte into the moving average.
func (s *deploymentState) observeLatency(d time.Duration) {
	for {
		cur := s.latency.Load()
		next := int64(d)
		if cur != 0 {
			// An exponentially weighted average, weight 1/8: recent
			// enough to follow a region slowing down, steady enough not
			// to flap on one slow answer.
			next = cur + (int64(d)-cur)/8
		}
		if next == 0 {
			next = 1
		}
		if s.latency.CompareAndSwap(cur, next) {
			return
		}
	}
}

// endOfMinute is when the minute of t ends.
func endOfMinute(t time.Time) time.Time {
	return time.Unix((t.Unix()/60+1)*60, 0)
}
