// Package disconnect lets the fake upstreams notice clients that go away
// in the middle of a reply and report it to tests, which use that to prove
// a client's disconnect reaches the upstream.
package disconnect

import (
	"context"
	"time"
)

// Watch is shared by one fake server's handlers.
type Watch struct {
	done     chan struct{}
	canceled chan struct{}
}

// New returns a Watch; Close it when the server shuts down.
func New() *Watch {
	return &Watch{done: make(chan struct{}), canceled: make(chan struct{}, 64)}
}

// Close releases every handler still waiting, so shutdown does not hang.
func (w *Watch) Close() { close(w.done) }

// Canceled receives one value each time a reply is cut short because the
// client went away.
func (w *Watch) Canceled() <-chan struct{} { return w.canceled }

// Sleep waits for d. It reports false if the client went away first (and
// signals Canceled) or the server is shutting down.
func (w *Watch) Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		w.signal()
		return false
	case <-w.done:
		return false
	}
}

// WaitGone blocks until the client goes away, then signals Canceled.
func (w *Watch) WaitGone(ctx context.Context) {
	select {
	case <-ctx.Done():
		w.signal()
	case <-w.done:
	}
}

func (w *Watch) signal() {
	select {
	case w.canceled <- struct{}{}:
	default: // nobody is counting that many; never block a handler
	}
}
