package integration

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// healthReport is GET /health's body.
type healthReport struct {
	Status string `json:"status"`
	Models []struct {
		Alias       string             `json:"alias"`
		Available   bool               `json:"available"`
		Deployments []healthDeployment `json:"deployments"`
	} `json:"models"`
}

type healthDeployment struct {
	Deployment    int        `json:"deployment"`
	Provider      string     `json:"provider"`
	Account       string     `json:"account"`
	UpstreamModel string     `json:"upstream_model"`
	Available     bool       `json:"available"`
	Reason        string     `json:"reason"`
	CoolingUntil  *time.Time `json:"cooling_down_until"`
	InFlight      int64      `json:"in_flight"`
	MaxConcurrent int64      `json:"max_concurrent"`
	RPM           *healthLimit
	TPM           *healthLimit
	LatencyMS     float64    `json:"latency_ms"`
	Healthy       *bool      `json:"healthy"`
	LastCheck     *time.Time `json:"last_health_check"`
	CheckError    string     `json:"health_check_error"`
	LastFailure   string     `json:"last_failure"`
}

type healthLimit struct {
	Limit int64 `json:"limit"`
	Used  int64 `json:"used"`
}

func getHealth(t *testing.T) healthReport {
	t.Helper()
	resp, err := http.Get(gatewayBase + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h healthReport
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /health: %d, %v", resp.StatusCode, err)
	}
	return h
}

// deploymentHealth is what GET /health says of one deployment of alias.
func deploymentHealth(t *testing.T, alias string, index int) healthDeployment {
	t.Helper()
	for _, m := range getHealth(t).Models {
		if m.Alias == alias && index < len(m.Deployments) {
			return m.Deployments[index]
		}
	}
	t.Fatalf("/health has no deployment %d of %s", index, alias)
	return healthDeployment{}
}

// clientRequests counts the requests a fake Bedrock had from clients, the
// health checks' pings left out.
func clientRequests(fake *fakebedrock.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if !bytes.Contains(r.Body, []byte(`"text":"ping"`)) {
			n++
		}
	}
	return n
}

// TestHealthReport: GET /health, with or without /v1, and HEAD, answer
// at once without calling any upstream, with each alias and the state of
// its deployments: cooldowns, budgets, in flight.
func TestHealthReport(t *testing.T) {
	clock := useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "rpm 5")
	east.Handle(claudeID, throttled("45"))
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)
	if got := answeredBy(t, "claude", false); got != "west" {
		t.Fatalf("answered by %q", got)
	}
	upstream := len(east.Requests()) + len(west.Requests())

	for _, path := range []string{"/health", "/v1/health"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			req, _ := http.NewRequest(method, gatewayBase+path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body := readAll(t, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" ||
				resp.Header.Get("Cache-Control") != "no-store" || (method == http.MethodHead) != (body == "") {
				t.Errorf("%s %s: status %d, headers %v, body %q", method, path, resp.StatusCode, resp.Header, body)
			}
		}
	}
	resp := post(t, "/health", "{}")
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /health: status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}

	h := getHealth(t)
	if h.Status != "ok" || len(h.Models) != 1 || h.Models[0].Alias != "claude" || !h.Models[0].Available ||
		len(h.Models[0].Deployments) != 2 {
		t.Fatalf("/health: %+v", h)
	}
	until := clock.Now().Add(45 * time.Second)
	for i, tc := range []struct {
		account   string
		available bool
		reason    string
		cooling   *time.Time
	}{{"east", false, "cooling down", &until}, {"west", true, "", nil}} {
		d := h.Models[0].Deployments[i]
		if d.Deployment != i || d.Provider != "bedrock" || d.Account != tc.account || d.UpstreamModel != claudeID ||
			d.Available != tc.available || d.Reason != tc.reason || d.InFlight != 0 || d.Healthy != nil {
			t.Errorf("deployment %d: %+v", i, d)
		}
		if (d.CoolingUntil == nil) != (tc.cooling == nil) || (d.CoolingUntil != nil && !d.CoolingUntil.Equal(*tc.cooling)) {
			t.Errorf("deployment %d cooling down until %v, want %v", i, d.CoolingUntil, tc.cooling)
		}
		if d.RPM == nil || *d.RPM != (healthLimit{Limit: 5, Used: 1}) {
			t.Errorf("deployment %d rpm %+v", i, d.RPM)
		}
	}
	if h.Models[0].Deployments[1].LatencyMS <= 0 {
		t.Errorf("west's latency not reported: %+v", h.Models[0].Deployments[1])
	}

	// Both cooling down: the alias has nothing available.
	west.Handle(claudeID, throttled("10"))
	chatOnce(t, "claude", false)
	if h := getHealth(t); h.Status != "degraded" || h.Models[0].Available {
		t.Errorf("/health with nothing available: %+v", h)
	}
	if n := len(east.Requests()) + len(west.Requests()); n != upstream+1 {
		t.Errorf("upstreams saw %d requests, want %d: /health must call none", n, upstream+1)
	}
}

// TestActiveHealthCheck: with health_check, a deployment whose ping fails
// leaves rotation, an alias with no deployment passing leaves GET
// /v1/models, and both come back once the ping passes.
func TestActiveHealthCheck(t *testing.T) {
	east, west, site := twoRegions(t, "routing ordered\n\t\thealth_check 1s", "")
	down := fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException", Message: "down"}
	east.Handle(claudeID, down)
	west.Handle(claudeID, down)
	startGateway(t, site)

	unhealthy := func(i int) func() bool {
		return func() bool {
			d := deploymentHealth(t, "claude", i)
			return d.Healthy != nil && !*d.Healthy && d.LastCheck != nil
		}
	}
	waitFor(t, "east to fail its check", unhealthy(0))
	waitFor(t, "west to fail its check", unhealthy(1))
	if d := deploymentHealth(t, "claude", 0); d.Available || d.Reason != "unhealthy" ||
		d.CheckError != "the upstream answered 503 ServiceUnavailableException" {
		t.Errorf("east in /health: %+v", d)
	}
	if body := readAll(t, get(t, "/v1/models").Body); body != `{"object":"list","data":[]}` {
		t.Errorf("GET /v1/models with claude down: %s", body)
	}
	if resp := get(t, "/v1/models/claude"); resp.StatusCode != 404 {
		t.Errorf("GET /v1/models/claude with claude down: %d", resp.StatusCode)
	}
	resp, body := chatOnce(t, "claude", false)
	if resp.StatusCode != 503 || !strings.Contains(body, "model_unavailable") || clientRequests(east)+clientRequests(west) != 0 {
		t.Errorf("status %d after %d upstream requests: %s", resp.StatusCode, clientRequests(east)+clientRequests(west), body)
	}

	// West recovers at its next check, a second later; east stays down.
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	waitFor(t, "west to pass its check", func() bool { return !unhealthy(1)() })
	if body := readAll(t, get(t, "/v1/models").Body); !strings.Contains(body, `"id":"claude"`) {
		t.Errorf("GET /v1/models with west back: %s", body)
	}
	if resp := get(t, "/v1/models/claude"); resp.StatusCode != 200 {
		t.Errorf("GET /v1/models/claude with west back: %d", resp.StatusCode)
	}
	for range 3 {
		if got := answeredBy(t, "claude", false); got != "west" {
			t.Errorf("answered by %q; east fails its checks", got)
		}
	}
	if n := clientRequests(east); n != 0 {
		t.Errorf("east, unhealthy, had %d requests", n)
	}
}

func get(t *testing.T, path string) *http.Response {
	t.Helper()
	resp, err := http.Get(gatewayBase + path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}
