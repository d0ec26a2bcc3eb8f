package upstream

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestResolveHeaders(t *testing.T) {
	reserved := map[string]bool{"Authorization": true}
	resolve := func(s string) string { return strings.ReplaceAll(s, "{env.TEAM}", "ml") }
	got, err := ResolveHeaders(http.Header{"x-team": {"{env.TEAM}", "b"}}, resolve, reserved)
	if err != nil || strings.Join(got["X-Team"], ",") != "ml,b" {
		t.Errorf("got %v, %v", got, err)
	}
	for i, h := range []http.Header{
		{"authorization": {"Bearer s3cr3t"}},
		{"Bad Name": {"x"}},
		{"X-A": {"s3cr3t\r\nX-Evil: 1"}},
	} {
		_, err := ResolveHeaders(h, resolve, reserved)
		if err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%d: error %v", i, err)
		}
	}
}

func TestNewClientFollowsNoRedirect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example/", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	tr, client := NewClient()
	defer tr.CloseIdleConnections()
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || !tr.DisableCompression || tr.MaxIdleConnsPerHost < 64 {
		t.Errorf("status %d, transport %+v", resp.StatusCode, tr)
	}
}

// TestConnectTimeout: a request's connect timeout bounds the dial, and the
// error, through net/http's wrapping, says that is what expired.
func TestConnectTimeout(t *testing.T) {
	// A dial that hangs until its context ends, as one to a host that
	// drops SYNs does.
	hang := dialer{&net.Dialer{ControlContext: func(ctx context.Context, _, _ string, _ syscall.RawConn) error {
		<-ctx.Done()
		return ctx.Err()
	}}}
	client := &http.Client{Transport: &http.Transport{DialContext: hang.DialContext}}
	ctx := WithConnectTimeout(context.Background(), 50*time.Millisecond)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:1/", nil)
	start := time.Now()
	_, err := client.Do(req)
	if !errors.Is(err, ErrConnectTimeout) || time.Since(start) > 5*time.Second {
		t.Errorf("error %v after %v", err, time.Since(start))
	}
	// Without a timeout of its own the request is bounded by its context.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:1/", nil)
	if _, err := client.Do(req); err == nil || errors.Is(err, ErrConnectTimeout) {
		t.Errorf("error %v", err)
	}
}
