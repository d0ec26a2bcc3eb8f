package upstream

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
