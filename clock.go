package llmgateway

import (
	"context"
	"sync/atomic"
	"time"
)

// clock is the time the router reads: cooldowns, per-minute budgets and
// retry backoff. Tests swap it for one they move by hand, so rules that
// span seconds or minutes are tested without sleeping. It is read through
// an atomic pointer, so a test may swap it while an earlier server still
// winds down.
type clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends; it reports whether d passed.
	Sleep(ctx context.Context, d time.Duration) bool
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) bool {
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

var currentClock atomic.Pointer[clock]

func init() {
	var c clock = realClock{}
	currentClock.Store(&c)
}

func now() time.Time { return (*currentClock.Load()).Now() }

func sleep(ctx context.Context, d time.Duration) bool { return (*currentClock.Load()).Sleep(ctx, d) }

// setClock installs c and returns a function that puts the previous one
// back. For tests.
func setClock(c clock) (restore func()) {
	prev := currentClock.Swap(&c)
	return func() { currentClock.Store(prev) }
}
