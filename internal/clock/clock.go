// Package clock is the time the gateway's credential caches go by:
// time.Now, unless a whole-server test, which cannot reach into a
// provisioned account, has moved it forward to see tokens expire without
// sleeping.
package clock

import (
	"sync/atomic"
	"time"
)

var now atomic.Pointer[func() time.Time]

// Now is the current time.
func Now() time.Time {
	if f := now.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// Set makes Now return what f returns, until the returned reset is called.
// For tests only.
func Set(f func() time.Time) (reset func()) {
	now.Store(&f)
	return func() { now.Store(nil) }
}
