package bedrock

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// credsEndpoint is a fake of the two credential sources the SDK fetches
// over HTTP at Retrieve time: the container credentials endpoint
// (AWS_CONTAINER_CREDENTIALS_FULL_URI), which hands out keys, and the
// instance metadata service, which has no role to offer and refuses the
// IMDSv2 token, so that the SDK warns and falls back to IMDSv1.
type credsEndpoint struct {
	mu    sync.Mutex
	hits  map[string]int // by path
	creds func() (key, secret, token string)
}

func newCredsEndpoint(t testing.TB, creds func() (key, secret, token string)) (*credsEndpoint, string) {
	t.Helper()
	e := &credsEndpoint{hits: map[string]int{}, creds: creds}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return e, srv.URL
}

func (e *credsEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	e.hits[r.URL.Path]++
	e.mu.Unlock()
	if r.URL.Path != "/container" || e.creds == nil {
		http.NotFound(w, r)
		return
	}
	key, secret, token := e.creds()
	_ = json.NewEncoder(w).Encode(map[string]string{
		"AccessKeyId": key, "SecretAccessKey": secret, "Token": token,
		"Expiration": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
	})
}

// Hits counts the requests to a path.
func (e *credsEndpoint) Hits(path string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.hits[path]
}

// IMDSHits counts the requests to the instance metadata service.
func (e *credsEndpoint) IMDSHits() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for p, c := range e.hits {
		if p != "/container" {
			n += c
		}
	}
	return n
}
