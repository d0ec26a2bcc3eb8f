package upstream

import (
	"context"
	"errors"
	"net"
	"time"
)

// ErrConnectTimeout is wrapped by dial errors when the connect timeout a
// caller set with WithConnectTimeout expired.
var ErrConnectTimeout = errors.New("connect timeout")

type connectTimeoutKey struct{}

// WithConnectTimeout bounds how long a connection made for a request
// under ctx may take to establish. Connections are shared by an account's
// requests, but the timeout belongs to the model line that asked, so it
// travels with the request, not with the pool.
func WithConnectTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, connectTimeoutKey{}, d)
}

// dialer applies a request's connect timeout on top of the pool's own.
type dialer struct{ d *net.Dialer }

func (d dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	limit, _ := ctx.Value(connectTimeoutKey{}).(time.Duration)
	if limit <= 0 {
		return d.d.DialContext(ctx, network, addr)
	}
	ctx, cancel := context.WithTimeoutCause(ctx, limit, ErrConnectTimeout)
	defer cancel()
	conn, err := d.d.DialContext(ctx, network, addr)
	if err != nil && errors.Is(context.Cause(ctx), ErrConnectTimeout) {
		return nil, &connectTimeoutError{err: err}
	}
	return conn, err
}

type connectTimeoutError struct{ err error }

func (e *connectTimeoutError) Error() string { return "connect timeout: " + e.err.Error() }
func (e *connectTimeoutError) Unwrap() []error {
	return []error{ErrConnectTimeout, e.err}
}
