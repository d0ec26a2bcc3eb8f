// Package upstream holds what every provider's HTTP side shares: the
// connection pool settings for calling an LLM service, and the checking of
// operator-configured extra headers.
package upstream

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/http/httpguts"
)

const (
	dialTimeout         = 10 * time.Second
	tlsHandshakeTimeout = 10 * time.Second
	// The default of 2 idle connections per host makes a busy gateway
	// open and close connections to its upstream constantly.
	maxIdleConnsPerHost = 64
)

// NewClient returns a client with its own connection pool. It has no
// overall or response-header timeout: a non-streaming generation can take
// minutes before the first byte, and the request context already bounds
// every call. It follows no redirect: a redirect from an LLM service is an
// error to report, and following it would resend credentials elsewhere.
func NewClient() (*http.Transport, *http.Client) {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t.DialContext = dialer{&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}}.DialContext
	t.TLSHandshakeTimeout = tlsHandshakeTimeout
	t.ResponseHeaderTimeout = 0
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	if t.MaxIdleConns != 0 && t.MaxIdleConns < maxIdleConnsPerHost {
		t.MaxIdleConns = maxIdleConnsPerHost
	}
	t.ForceAttemptHTTP2 = true
	// Without an Accept-Encoding of our own, Go would ask for gzip and
	// decompress transparently, which can hold back streamed events.
	t.DisableCompression = true
	return t, &http.Client{Transport: t, CheckRedirect: NoRedirects}
}

// NoRedirects is a CheckRedirect that hands the redirect back as the answer.
func NoRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// ResolveHeaders returns h with canonical keys and resolved values,
// refusing the headers in reserved, which the request builder sets itself.
// Errors name the header but never its value, which may be a secret.
func ResolveHeaders(h http.Header, resolve func(string) string, reserved map[string]bool) (http.Header, error) {
	if len(h) == 0 {
		return nil, nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		if !httpguts.ValidHeaderFieldName(k) {
			return nil, fmt.Errorf("headers: invalid header name %q", k)
		}
		ck := http.CanonicalHeaderKey(k)
		if reserved[ck] {
			return nil, fmt.Errorf("headers: %s is set by the gateway and cannot be configured", ck)
		}
		for _, v := range vs {
			v = resolve(v)
			if !httpguts.ValidHeaderFieldValue(v) {
				return nil, fmt.Errorf("headers: invalid value for %s", ck)
			}
			out[ck] = append(out[ck], v)
		}
	}
	return out, nil
}
