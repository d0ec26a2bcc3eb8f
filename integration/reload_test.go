package integration

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestReloadLetsStreamsFinish: a stream in flight when the config is
// reloaded with a changed Caddyfile runs to its end, while the new
// config already serves.
func TestReloadLetsStreamsFinish(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{Events: textStream(100*time.Millisecond, "one", " two", " three", " four", " five")})
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{JSON: converseText})
	site := soloSite(fake, "")
	startGatewayWithOptions(t, "grace_period 10s", site)

	resp := post(t, "/v1/chat/completions", `{"model":"solo","stream":true,`+hello+`}`)
	lines := make(chan []timedLine)
	go func() { lines <- readSSE(t, context.Background(), resp.Body) }()

	start := time.Now()
	changed := strings.Replace(site, "model solo", "model r1 bedrock/us.deepseek.r1-v1:0\n\t\tmodel solo", 1)
	startGatewayWithOptions(t, "grace_period 10s", changed)
	if resp, body := chatOnce(t, "r1", false); resp.StatusCode != 200 {
		t.Fatalf("the new config does not serve: status %d: %s", resp.StatusCode, body)
	}
	if time.Since(start) > 300*time.Millisecond {
		t.Fatalf("the reload took %v, as long as the stream it should outlive", time.Since(start))
	}

	got := <-lines
	if text := sseText(got); text != "one two three four five" || got[len(got)-1].text != "data: [DONE]" {
		t.Errorf("the stream across the reload: %q, lines %v", text, got)
	}
}

// TestReloadKeepsCooldowns: a reload keeps the cooldown of a deployment
// it leaves as it was, and starts a changed one afresh.
func TestReloadKeepsCooldowns(t *testing.T) {
	clock := useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "")
	east.Handle(claudeID, throttled("60"))
	west.Handle(claudeID, throttled("60"))
	west.Handle("us.anthropic.claude-sonnet-4-20250514-v1:0", fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)
	if resp, _ := chatOnce(t, "claude", false); resp.StatusCode != 429 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	until := clock.Now().Add(60 * time.Second)

	// West's line now calls another model: a deployment of its own.
	i := strings.LastIndex(site, "bedrock/"+claudeID)
	changed := site[:i] + "bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0" + site[i+len("bedrock/"+claudeID):]
	startGateway(t, changed)
	e, w := deploymentHealth(t, "claude", 0), deploymentHealth(t, "claude", 1)
	if e.CoolingUntil == nil || !e.CoolingUntil.Equal(until) {
		t.Errorf("east's cooldown after the reload: %+v", e)
	}
	if w.CoolingUntil != nil || !w.Available || w.UpstreamModel != "us.anthropic.claude-sonnet-4-20250514-v1:0" {
		t.Errorf("west after the reload: %+v", w)
	}
	clock.Advance(10 * time.Second)
	if got := answeredBy(t, "claude", false); got != "west" {
		t.Errorf("answered by %q", got)
	}
	if n := len(east.Requests()); n != 1 {
		t.Errorf("east, cooling down, saw %d requests", n)
	}
	// A config that dropped a deployment released its state: loading the
	// first config again finds west's old line without its cooldown.
	startGateway(t, site)
	if w := deploymentHealth(t, "claude", 1); w.CoolingUntil != nil {
		t.Errorf("west's first line kept a cooldown across a config without it: %+v", w)
	}
}

// TestReloadDroppingHealthChecks: a deployment that failed its health
// checks and is reloaded without them is back in rotation: nothing would
// ever check it again.
func TestReloadDroppingHealthChecks(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException", Message: "down"})
	startGateway(t, soloSite(fake, "health_check 1s"))
	waitFor(t, "the failed check", func() bool {
		d := deploymentHealth(t, "solo", 0)
		return d.Healthy != nil && !*d.Healthy
	})

	fake.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, soloSite(fake, ""))
	if resp, body := chatOnce(t, "solo", false); resp.StatusCode != 200 {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	if d := deploymentHealth(t, "solo", 0); !d.Available || d.Healthy != nil {
		t.Errorf("in /health: %+v", d)
	}
	if body := readAll(t, get(t, "/v1/models/solo").Body); !strings.Contains(body, `"id":"solo"`) {
		t.Errorf("GET /v1/models/solo: %s", body)
	}
}
