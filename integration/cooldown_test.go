package integration

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestRetriesDoNotWaitOnCooldowns: a retry whose deployment will still be
// cooling down when its backoff ends is not waited for: the request is
// answered at once. One that will be back by then is made.
func TestRetriesDoNotWaitOnCooldowns(t *testing.T) {
	clock := useFakeClock(t)
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, throttled("5"))
	startGateway(t, soloSite(fake, "retries 2"))

	resp, body := chatOnce(t, "solo", false)
	if resp.StatusCode != 429 || !strings.Contains(body, "rate_limit_exceeded") {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	if slept := clock.Slept(); len(slept) != 0 || len(fake.Requests()) != 1 {
		t.Errorf("waited %v for a deployment cooling down for 30s, then made %d requests", slept, len(fake.Requests()))
	}

	// Cooled down for 2s (the Retry-After, longer than cooldown): the
	// retry after 2s finds it back.
	clock.Advance(time.Minute)
	fake.HandleSequence(claudeID, throttled("2"), fakebedrock.Reply{JSON: converseText})
	startGateway(t, soloSite(fake, "retries 2\n\t\t\tcooldown 1s"))
	if resp, body := chatOnce(t, "solo", false); resp.StatusCode != 200 {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	if slept := clock.Slept(); !slices.Equal(slept, []time.Duration{2 * time.Second}) || len(fake.Requests()) != 3 {
		t.Errorf("waited %v, then made %d requests", slept, len(fake.Requests()))
	}
}

// TestFailureCooldownHonoursRetryAfter: a deployment cooled down after
// allowed_fails failures stays out for the upstream's Retry-After when
// that is longer than cooldown.
func TestFailureCooldownHonoursRetryAfter(t *testing.T) {
	clock := useFakeClock(t)
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException", Message: "busy",
		Header: http.Header{"Retry-After": {"90"}}})
	startGateway(t, soloSite(fake, "allowed_fails 1"))

	start := clock.Now()
	if resp, _ := chatOnce(t, "solo", false); resp.StatusCode != 503 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if d := deploymentHealth(t, "solo", 0); d.CoolingUntil == nil || !d.CoolingUntil.Equal(start.Add(90*time.Second)) {
		t.Errorf("cooling down until %v, want the Retry-After's end", d.CoolingUntil)
	}
	clock.Advance(31 * time.Second)
	resp, body := chatOnce(t, "solo", false)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "59" || !strings.Contains(body, "model_unavailable") {
		t.Errorf("status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("the upstream saw %d requests within its Retry-After", n)
	}
}
