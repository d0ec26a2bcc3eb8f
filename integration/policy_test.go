package integration

import (
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// withLineOptions adds options to the model line of account in a
// twoRegions site.
func withLineOptions(site, account, opts string) string {
	return strings.Replace(site, "account "+account+"\n", "account "+account+"\n\t\t\t"+opts+"\n", 1)
}

// answeredCounts sends n requests to claude and counts the answers of
// each account.
func answeredCounts(t *testing.T, n int) map[string]int {
	t.Helper()
	counts := make(map[string]int)
	for range n {
		counts[answeredBy(t, "claude", false)]++
	}
	return counts
}

// TestWeightedRouting: requests spread in proportion to the lines'
// weights. 300 draws of 3:1 put the standard deviation near 7.5; the
// margin is six of them.
func TestWeightedRouting(t *testing.T) {
	east, west, site := twoRegions(t, "routing weighted", "")
	east.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, withLineOptions(site, "east", "weight 3"))

	counts := answeredCounts(t, 300)
	if counts["east"] < 180 || counts["east"] > 270 || counts["east"]+counts["west"] != 300 {
		t.Errorf("answers %v, want about 225 from east", counts)
	}
}

// TestLeastBusyRouting: a request goes to the deployment with the fewest
// in flight, whatever the line order; ties are broken at random.
func TestLeastBusyRouting(t *testing.T) {
	east, west, site := twoRegions(t, "routing least_busy", "")
	east.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: firstWordsThenBlock})
	// West fails streams before their first byte, so the stream held
	// below ends up on east, the first line, whichever is tried first.
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: []fakebedrock.Event{
		{Type: "serviceUnavailableException", Exception: true, Payload: `{"message":"Bedrock is unable to process your request."}`},
	}})
	startGateway(t, site)

	leave := holdStream(t, "claude")
	if d := deploymentHealth(t, "claude", 0); d.InFlight != 1 {
		t.Fatalf("east in /health: %+v", d)
	}
	if counts := answeredCounts(t, 20); counts["west"] != 20 {
		t.Errorf("answers %v with east busy, want all from west", counts)
	}
	leave()
	waitFor(t, "east's place to be freed", func() bool { return deploymentHealth(t, "claude", 0).InFlight == 0 })
	if counts := answeredCounts(t, 40); counts["east"] == 0 || counts["west"] == 0 {
		t.Errorf("answers %v with both idle, want both to have some", counts)
	}
}

// TestLatencyRouting: once measured, a deployment slow to its first byte
// gets few requests, but exploration still sends it some, so it is
// measured again.
func TestLatencyRouting(t *testing.T) {
	east, west, site := twoRegions(t, "routing latency", "")
	east.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Delay: 25 * time.Millisecond})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)

	// East is measured first, as the first unmeasured line, then west;
	// after that one request in twenty explores east: about 10 of 200.
	// Without exploration east would have exactly one.
	counts := answeredCounts(t, 200)
	if counts["east"] < 2 || counts["east"] > 40 {
		t.Errorf("answers %v, want a few from east", counts)
	}
	e, w := deploymentHealth(t, "claude", 0), deploymentHealth(t, "claude", 1)
	if e.LatencyMS < 25 || w.LatencyMS >= e.LatencyMS {
		t.Errorf("latency east %.1fms, west %.1fms", e.LatencyMS, w.LatencyMS)
	}
}

// TestOrderGroups: under any policy, lines of a lower order serve while
// any of them is available, whatever the line order; a higher order
// serves while they all cool down.
func TestOrderGroups(t *testing.T) {
	for _, routing := range []string{"ordered", "weighted"} {
		t.Run(routing, func(t *testing.T) {
			clock := useFakeClock(t)
			east, west, site := twoRegions(t, "routing "+routing, "")
			east.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
			west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
			startGateway(t, withLineOptions(withLineOptions(site, "east", "order 1"), "west", "order 0"))

			if counts := answeredCounts(t, 10); counts["west"] != 10 {
				t.Errorf("answers %v, want all from west, of order 0", counts)
			}
			west.Handle(claudeID, throttled("20"))
			if counts := answeredCounts(t, 5); counts["east"] != 5 {
				t.Errorf("answers %v with west cooling down, want all from east", counts)
			}
			clock.Advance(31 * time.Second)
			west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
			if counts := answeredCounts(t, 5); counts["west"] != 5 {
				t.Errorf("answers %v after west's cooldown, want all from west", counts)
			}
			if n := len(west.Requests()); n != 16 {
				t.Errorf("west saw %d requests, want 16", n)
			}
		})
	}
}
