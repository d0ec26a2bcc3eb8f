package integration

import (
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// soloSite is an alias of one deployment with the given line options.
func soloSite(fake *fakebedrock.Server, lineOpts string) string {
	return `llm_gateway {
		` + bedrockBlock(fake) + `
		model solo bedrock/` + claudeID + ` {
			` + lineOpts + `
		}
	}`
}

// TestMaxConcurrent: a deployment with max_concurrent places all taken
// is passed over while they are; with no other, the request is answered
// 429 at once without reaching the upstream.
func TestMaxConcurrent(t *testing.T) {
	east, west, site := twoRegions(t, "routing ordered", "max_concurrent 1")
	east.HandleSequence(claudeID, fakebedrock.Reply{Events: firstWordsThenBlock}, fakebedrock.Reply{JSON: converseText})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)

	leave := holdStream(t, "claude")
	if got := answeredBy(t, "claude", false); got != "west" {
		t.Errorf("answered by %q while east was busy", got)
	}
	if d := deploymentHealth(t, "claude", 0); d.InFlight != 1 || d.MaxConcurrent != 1 || d.Reason != "max_concurrent reached" {
		t.Errorf("east in /health: %+v", d)
	}
	leave()
	waitFor(t, "east's place to be freed", func() bool { return deploymentHealth(t, "claude", 0).InFlight == 0 })
	if got := answeredBy(t, "claude", false); got != "east" {
		t.Errorf("answered by %q once east was free", got)
	}

	east.HandleSequence(claudeID, fakebedrock.Reply{Events: firstWordsThenBlock})
	startGateway(t, soloSite(east, "max_concurrent 1"))
	leave = holdStream(t, "solo")
	defer leave()
	start := time.Now()
	resp, body := chatOnce(t, "solo", false)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || !strings.Contains(body, "rate_limit_exceeded") {
		t.Errorf("status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if time.Since(start) > time.Second {
		t.Errorf("answered after %v; a full deployment must not be waited for", time.Since(start))
	}
	if n := len(east.Requests()); n != 3 {
		t.Errorf("east saw %d requests, want 3: the refused one must not reach it", n)
	}
}

// TestRPM: a deployment that had its rpm requests this minute is passed
// over until the minute ends; with none left the request is answered 429
// with Retry-After the rest of the minute.
func TestRPM(t *testing.T) {
	clock := useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "rpm 2")
	east.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)

	for i, want := range []string{"east", "east", "west", "west"} {
		if got := answeredBy(t, "claude", false); got != want {
			t.Errorf("request %d answered by %q, want %q", i, got, want)
		}
	}
	if d := deploymentHealth(t, "claude", 0); d.RPM == nil || *d.RPM != (healthLimit{Limit: 2, Used: 2}) || d.Reason != "rpm spent" {
		t.Errorf("east in /health: %+v", d)
	}
	clock.Advance(15 * time.Second)
	resp, body := chatOnce(t, "claude", true)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "45" || !strings.Contains(body, "rate_limit_exceeded") {
		t.Errorf("status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if n, m := len(east.Requests()), len(west.Requests()); n != 2 || m != 2 {
		t.Errorf("east saw %d requests, west %d", n, m)
	}
	// A new minute, a new budget.
	clock.Advance(45 * time.Second)
	if got := answeredBy(t, "claude", false); got != "east" {
		t.Errorf("answered by %q in the next minute", got)
	}
	if d := deploymentHealth(t, "claude", 1); d.RPM == nil || d.RPM.Used != 0 || !d.Available {
		t.Errorf("west in the next minute: %+v", d)
	}
}

// TestTPM: the tokens an answer reports, streamed or not, count against
// its deployment's tpm; one that spent it is passed over until the
// minute ends.
func TestTPM(t *testing.T) {
	clock := useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "tpm 30")
	both := fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Hello")}
	east.Handle(claudeID, both)
	west.Handle(claudeID, both)
	startGateway(t, site)

	// A stream reports 12 tokens, an answer 20: east has 32 of 30.
	for i, tc := range []struct {
		stream bool
		want   string
	}{{true, "east"}, {false, "east"}, {false, "west"}} {
		if got := answeredBy(t, "claude", tc.stream); got != tc.want {
			t.Errorf("request %d answered by %q, want %q", i, got, tc.want)
		}
	}
	if d := deploymentHealth(t, "claude", 0); d.TPM == nil || *d.TPM != (healthLimit{Limit: 30, Used: 32}) || d.Reason != "tpm spent" {
		t.Errorf("east in /health: %+v", d)
	}
	if d := deploymentHealth(t, "claude", 1); d.TPM == nil || d.TPM.Used != 20 {
		t.Errorf("west in /health: %+v", d)
	}
	clock.Advance(time.Minute)
	if got := answeredBy(t, "claude", false); got != "east" {
		t.Errorf("answered by %q in the next minute", got)
	}
}

// TestAnsweredByHeaderRewritten: Caddy's header directive rewrites
// response header values in place; rewriting X-LLM-Gateway-Model on one
// response must not change what the next one says.
func TestAnsweredByHeaderRewritten(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, `header >X-LLM-Gateway-Model "account=" "account=x-"
	`+soloSite(fake, ""))
	for i := range 3 {
		resp, body := chatOnce(t, "solo", false)
		if got := resp.Header.Get("X-LLM-Gateway-Model"); resp.StatusCode != 200 || strings.Count(got, "x-") != 1 {
			t.Fatalf("response %d: status %d, X-LLM-Gateway-Model %q: %s", i, resp.StatusCode, got, body)
		}
	}
}
