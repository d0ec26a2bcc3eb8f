package integration

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

const haikuID = "us.anthropic.claude-3-5-haiku-20241022-v1:0"

// TestConcurrentStreamsAcrossAFailingPool: 200 clients stream at once
// from a pool of four deployments, two of which fail before their first
// byte (a throttling exception frame, a 503). Every client gets exactly
// one whole stream from a working deployment; no request is tried twice
// on one deployment or answered twice; nothing is left running.
func TestConcurrentStreamsAcrossAFailingPool(t *testing.T) {
	const clients = 200
	east, west, site := twoRegions(t, "", "")
	site = strings.Replace(site, "\n\t}", `
		model claude bedrock/`+haikuID+` {
			account east
		}
		model claude bedrock/`+haikuID+` {
			account west
		}
	}`, 1)
	// Connections close after each reply, so none is left idle for the
	// leak check.
	closing := http.Header{"Connection": {"close"}}
	east.Handle(claudeID, fakebedrock.Reply{Header: closing, Events: []fakebedrock.Event{
		{Type: "throttlingException", Exception: true, Payload: `{"message":"Too many tokens, please wait before trying again."}`},
	}})
	east.Handle(haikuID, fakebedrock.Reply{Header: closing, Status: 503, ErrorType: "ServiceUnavailableException", Message: "busy"})
	words := map[string][]string{claudeID: {"Sonnet", " from", " west"}, haikuID: {"Haiku", " from", " west"}}
	for id, w := range words {
		west.Handle(id, fakebedrock.Reply{Header: closing, Events: textStream(10*time.Millisecond, w...)})
	}
	startGateway(t, site)
	leakOpts := []goleak.Option{goleak.IgnoreCurrent(), ignoreCaddyBackground}

	type result struct {
		status   int
		model    string // the upstream model that answered, from the header
		text     string
		finished bool
	}
	results := make([]result, clients)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			body := fmt.Sprintf(`{"model":"claude","stream":true,"messages":[{"role":"user","content":"client-%d"}]}`, i)
			resp, err := client.Post(gatewayBase+"/v1/chat/completions", "application/json", strings.NewReader(body))
			if err != nil {
				t.Errorf("client %d: %v", i, err)
				return
			}
			defer resp.Body.Close()
			lines := readSSE(t, context.Background(), resp.Body)
			_, model, _ := strings.Cut(resp.Header.Get("X-Llm-Gateway-Model"), "upstream_model=")
			results[i] = result{status: resp.StatusCode, model: model, text: sseText(lines),
				finished: len(lines) > 0 && lines[len(lines)-1].text == "data: [DONE]"}
		})
	}
	wg.Wait()

	answered := make(map[string]int)
	for i, r := range results {
		if r.status != 200 || !r.finished || words[r.model] == nil || r.text != strings.Join(words[r.model], "") {
			t.Errorf("client %d: %+v", i, r)
		}
		answered[r.model]++
	}
	// Each client reached a working deployment once; each failing one at
	// most once.
	perClient := func(fake *fakebedrock.Server) map[string]map[string]int {
		seen := make(map[string]map[string]int)
		for _, r := range fake.Requests() {
			_, tail, _ := strings.Cut(string(r.Body), `"text":"client-`)
			id, _, _ := strings.Cut(tail, `"`)
			if seen[id] == nil {
				seen[id] = make(map[string]int)
			}
			seen[id][r.ModelID]++
		}
		return seen
	}
	working, failing := perClient(west), perClient(east)
	for i := range clients {
		id := fmt.Sprint(i)
		if w := working[id]; w[claudeID]+w[haikuID] != 1 {
			t.Errorf("client %d reached the working deployments %v", i, w)
		}
		for model, n := range failing[id] {
			if n > 1 {
				t.Errorf("client %d tried %s in east %d times", i, model, n)
			}
		}
	}
	for id := range words {
		if n := len(filterModel(west.Requests(), id)); n != answered[id] {
			t.Errorf("west's %s had %d requests and answered %d clients", id, n, answered[id])
		}
	}
	client.CloseIdleConnections()
	goleak.VerifyNone(t, leakOpts...)
}

func filterModel(reqs []fakebedrock.Request, modelID string) []fakebedrock.Request {
	var out []fakebedrock.Request
	for _, r := range reqs {
		if r.ModelID == modelID {
			out = append(out, r)
		}
	}
	return out
}
