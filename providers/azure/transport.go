package azure

import (
	"net"
	"net/http"
	"time"
)

const (
	dialTimeout         = 10 * time.Second
	tlsHandshakeTimeout = 10 * time.Second
	// The default of 2 idle connections per host makes a busy gateway
	// open and close connections to Azure constantly.
	maxIdleConnsPerHost = 64
	// tokenTimeout bounds one request to the Entra token endpoint, whose
	// answer is small and quick; a hung one must not hold requests.
	tokenTimeout = 30 * time.Second
)

// newHTTPClient returns a client with its own connection pool. It has no
// overall or response-header timeout: a non-streaming generation can take
// minutes before the first byte, and the request context already bounds
// every call.
func newHTTPClient() (*http.Transport, *http.Client) {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = tlsHandshakeTimeout
	t.ResponseHeaderTimeout = 0
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	if t.MaxIdleConns != 0 && t.MaxIdleConns < maxIdleConnsPerHost {
		t.MaxIdleConns = maxIdleConnsPerHost
	}
	t.ForceAttemptHTTP2 = true
	// Without an Accept-Encoding of our own, Go would ask for gzip and
	// decompress transparently, which can hold back SSE chunks.
	t.DisableCompression = true
	return t, &http.Client{Transport: t, CheckRedirect: noRedirects}
}

// noRedirects makes a redirect from Azure an error to report, not to
// follow: following it would resend the API key elsewhere.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
