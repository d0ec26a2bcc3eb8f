package bedrock

import (
	"errors"
	"sync"
	"time"
)

// CredentialsRetryDelay is how long a failed credential lookup is answered
// from memory before the next request tries again. The SDK caches only
// credentials it got, so without this every request would walk the whole
// default chain anew and, where the instance metadata address is
// reachable but silent, wait out its timeouts. Ten seconds turns a burst
// of requests into one lookup, yet credentials that appear later (a role
// attached, a token file mounted) are picked up almost at once.
const CredentialsRetryDelay = 10 * time.Second

// failureCache holds an account's last failed credential lookup. While it
// is fresh, requests get its error without a lookup. Once it is stale,
// one caller looks again while the others keep getting the old error at
// once: queueing them behind a lookup that may wait out timeouts, and most
// likely fails the same way, would only make them slower. A success
// clears it; credentials themselves are cached by the SDK, never here.
type failureCache struct {
	now func() time.Time

	mu       sync.Mutex
	err      *CredentialsError // nil while lookups succeed
	until    time.Time         // when err goes stale
	retrying bool              // a caller is looking again
}

func newFailureCache() *failureCache { return &failureCache{now: time.Now} }

// begin returns the cached error a caller is to give instead of looking
// credentials up, or nil if it may look. retry reports that the caller
// is the one looking again after a failure; it must then call end.
func (f *failureCache) begin() (cached *CredentialsError, retry bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.err == nil:
		return nil, false
	case f.retrying || f.now().Before(f.until):
		return f.err, false
	}
	f.retrying = true
	return nil, true
}

// end records the outcome of a lookup begun with begin. Errors other than
// a *CredentialsError (the caller's context ended) say nothing about the
// credentials and change nothing.
func (f *failureCache) end(err error, retry bool) {
	var credErr *CredentialsError
	f.mu.Lock()
	defer f.mu.Unlock()
	if retry {
		f.retrying = false
	}
	switch {
	case err == nil:
		f.err = nil
	case errors.As(err, &credErr):
		f.err, f.until = credErr, f.now().Add(CredentialsRetryDelay)
	}
}

// clear forgets a cached failure, so the next request looks at once.
func (f *failureCache) clear() {
	f.mu.Lock()
	f.err = nil
	f.mu.Unlock()
}
