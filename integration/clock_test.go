package integration

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
)

// fakeClock is a clock tests move by hand. Sleep does not wait: it notes
// the wait and moves the clock on, so backoff and cooldown rules that span
// seconds or minutes are tested in milliseconds.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

// useFakeClock installs a fake clock at the start of a minute until the
// test ends.
func useFakeClock(t *testing.T) *fakeClock {
	return useFakeClockAt(t, time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
}

// useFakeClockAt installs a fake clock showing start until the test ends.
func useFakeClockAt(t *testing.T, start time.Time) *fakeClock {
	c := &fakeClock{t: start}
	t.Cleanup(clock.Set(c))
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) bool {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err() == nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Slept returns the waits asked for so far.
func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}
