package bedrock

import (
	"context"
	"fmt"
	"net/http"
)

// forwardedHeaders are the client request headers a pass-through keeps:
// content negotiation and Bedrock's own request options. Everything else,
// the client's credentials and signature first, is dropped.
var forwardedHeaders = []string{
	"Content-Type",
	"Accept",
	"X-Amzn-Bedrock-Accept",
	"X-Amzn-Bedrock-Guardrailidentifier",
	"X-Amzn-Bedrock-Guardrailversion",
	"X-Amzn-Bedrock-Trace",
	"X-Amzn-Bedrock-Performanceconfig-Latency",
}

// Forward sends a client's native Bedrock request for op (OpConverse,
// OpConverseStream, OpInvoke or OpInvokeStream) on modelID, signed anew
// with the account's credentials (or its API key), with body as it is and
// only the client headers a pass-through keeps. The answer is returned as
// it came, whatever its status, for the caller to relay and close; a
// credential failure is a *CredentialsError, a transport or context error
// is wrapped with %w.
func (a *Account) Forward(ctx context.Context, modelID, op string, body []byte, client http.Header) (*http.Response, error) {
	switch op {
	case OpConverse, OpConverseStream, OpInvoke, OpInvokeStream:
	default:
		return nil, fmt.Errorf("bedrock account %q: unknown operation %q", a.name, op)
	}
	var kept http.Header
	for _, k := range forwardedHeaders {
		if vs := client.Values(k); len(vs) > 0 && (k == "Content-Type" || k == "Accept" || !a.configured(k)) {
			if kept == nil {
				kept = make(http.Header, len(forwardedHeaders))
			}
			kept[k] = vs
		}
	}
	return a.send(ctx, modelID, op, body, kept)
}

// configured reports whether the operator set header k on the account,
// which then wins over the client's.
func (a *Account) configured(k string) bool {
	_, ok := a.headers[k]
	return ok
}
