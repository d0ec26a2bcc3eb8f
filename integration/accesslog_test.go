package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// accessLogged are the placeholders an operator puts in the access log.
var accessLogged = []string{"alias", "provider", "account", "deployment", "upstream_model", "attempts", "stream",
	"input_tokens", "output_tokens", "cached_tokens", "reasoning_tokens", "ttft_ms", "upstream_request_id",
	"request_id", "finish_reason", "error_code", "partial", "cost"}

// readAccessLog waits for n lines of the JSON access log at path. Only
// whole lines count: Caddy may be halfway through writing the last one.
func readAccessLog(t *testing.T, path string, n int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		if whole := bytes.Count(data, []byte("\n")); whole >= n || time.Now().After(deadline) {
			if whole < n {
				t.Fatalf("access log has %d lines, want %d", whole, n)
			}
			var lines []map[string]any
			for _, raw := range bytes.SplitAfter(data, []byte("\n"))[:whole] {
				var line map[string]any
				if err := json.Unmarshal(raw, &line); err != nil {
					t.Fatalf("access log line %q: %v", raw, err)
				}
				lines = append(lines, line)
			}
			return lines
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestAccessLogCarriesTheExchange: with log_append, each access-log line
// says which alias, deployment and upstream answered, with what tokens,
// finish reason and ids; the response carries the same X-Request-Id.
func TestAccessLogCarriesTheExchange(t *testing.T) {
	useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "")
	east.Handle(claudeID, fakebedrock.Reply{Status: 429, ErrorType: "ThrottlingException", Message: "Too many requests"})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Hello", " world")})
	logPath := filepath.Join(t.TempDir(), "access.log")
	var appends strings.Builder
	for _, p := range accessLogged {
		appends.WriteString("log_append llm_" + p + " {http.llm_gateway." + p + "}\n")
	}
	startGateway(t, "log {\n output file "+logPath+"\n format json\n}\n"+appends.String()+site)

	resp := post(t, "/v1/chat/completions", `{"model":"claude",`+hello+`}`, "X-Request-Id", "req-42.a:b")
	readAll(t, resp.Body)
	if got := resp.Header.Get("X-Request-Id"); got != "req-42.a:b" {
		t.Errorf("X-Request-Id = %q, want the client's", got)
	}
	resp = post(t, "/v1/chat/completions", `{"model":"claude","stream":true,"stream_options":{"include_usage":true},`+hello+`}`,
		"X-Request-Id", "bad id\twith tabs")
	readAll(t, resp.Body)
	generated := resp.Header.Get("X-Request-Id")
	if len(generated) != 32 {
		t.Errorf("X-Request-Id = %q, want a new one in place of the client's unusable one", generated)
	}
	resp = post(t, "/v1/chat/completions", `{"model":"nope",`+hello+`}`)
	readAll(t, resp.Body)
	if resp.StatusCode != 404 || resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("unknown model: %d, X-Request-Id %q", resp.StatusCode, resp.Header.Get("X-Request-Id"))
	}

	// A stream the client leaves after its first words.
	west.Handle(claudeID, fakebedrock.Reply{Events: append(textStream(0, "Half")[:2], fakebedrock.Event{Block: true})})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, gatewayBase+"/v1/chat/completions",
		strings.NewReader(`{"model":"claude","stream":true,`+hello+`}`))
	abandoned, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := abandoned.Body.Read(make([]byte, 64)); err != nil {
		t.Fatal(err)
	}
	cancel()
	abandoned.Body.Close()

	lines := readAccessLog(t, logPath, 4)
	want := []map[string]any{
		{"llm_alias": "claude", "llm_provider": "bedrock", "llm_account": "west", "llm_deployment": 1.0,
			"llm_upstream_model": claudeID, "llm_attempts": 2.0, "llm_stream": false, "llm_input_tokens": 12.0,
			"llm_output_tokens": 8.0, "llm_finish_reason": "stop", "llm_request_id": "req-42.a:b", "llm_error_code": "",
			"llm_partial": false},
		{"llm_alias": "claude", "llm_account": "west", "llm_attempts": 1.0, "llm_stream": true, "llm_input_tokens": 9.0,
			"llm_output_tokens": 3.0, "llm_finish_reason": "stop", "llm_request_id": generated},
		{"llm_alias": "", "llm_provider": "", "llm_attempts": 0.0, "llm_error_code": "model_not_found"},
	}
	for i, w := range want {
		for k, v := range w {
			if lines[i][k] != v {
				t.Errorf("line %d: %s = %#v, want %#v", i, k, lines[i][k], v)
			}
		}
	}
	for i := 0; i < 2; i++ {
		if id, _ := lines[i]["llm_upstream_request_id"].(string); id == "" {
			t.Errorf("line %d has no upstream request id", i)
		}
		if cost, _ := lines[i]["llm_cost"].(string); cost == "" || cost == "0" {
			t.Errorf("line %d: cost %v", i, lines[i]["llm_cost"])
		}
	}
	if lines[3]["llm_partial"] != true || lines[3]["llm_stream"] != true || lines[3]["llm_ttft_ms"] == "" {
		t.Errorf("abandoned stream: partial %v, stream %v, ttft %v", lines[3]["llm_partial"], lines[3]["llm_stream"], lines[3]["llm_ttft_ms"])
	}
	if lines[2]["llm_cost"] != "" {
		t.Errorf("an unanswered request has a cost: %v", lines[2]["llm_cost"])
	}
	if ttft, _ := lines[1]["llm_ttft_ms"].(float64); lines[1]["llm_ttft_ms"] == nil || ttft < 0 {
		t.Errorf("stream ttft_ms = %v", lines[1]["llm_ttft_ms"])
	}
}
