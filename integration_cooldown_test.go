package llmgateway

import (
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
