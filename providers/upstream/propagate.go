package upstream

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/propagation"
)

type requestIDKey struct{}

// WithRequestID returns ctx carrying the gateway's id of the client's
// request, for upstreams that take a client request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the id WithRequestID put in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// traceContext writes W3C traceparent and tracestate; it writes nothing
// when ctx holds no span, so untraced requests pay only the look-up.
var traceContext propagation.TraceContext

// Propagate adds what the upstream may correlate the call with: the trace
// of the request, when it is traced, as W3C traceparent. Providers call it
// before authenticating the request, so a signature covers it.
func Propagate(ctx context.Context, h http.Header) {
	traceContext.Inject(ctx, propagation.HeaderCarrier(h))
}
