// Package clock is the time the gateway goes by where a rule spans
// seconds or minutes: cooldowns, per-minute budgets, retry backoff and
// credential caches. It is the real time unless a test, which cannot
// reach into a provisioned gateway, has installed a clock it moves by
// hand, so such rules are tested without sleeping.
package clock

import (
	"context"
	"sync/atomic"
	"time"
)

// Clock tells the time and waits.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends; it reports whether d passed.
	Sleep(ctx context.Context, d time.Duration) bool
}

// current is read through an atomic pointer, so a test may swap it while
// an earlier server still winds down.
var current atomic.Pointer[Clock]

// Now is the current time.
func Now() time.Time {
	if c := current.Load(); c != nil {
		return (*c).Now()
	}
	return time.Now()
}

// Sleep waits for d, or until ctx ends; it reports whether d passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	if c := current.Load(); c != nil {
		return (*c).Sleep(ctx, d)
	}
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// Set installs c until the returned reset is called. For tests only.
func Set(c Clock) (reset func()) {
	prev := current.Swap(&c)
	return func() { current.Store(prev) }
}
