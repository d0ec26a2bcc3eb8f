package integration

import (
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestConverseLike: bedrock/converse_like/<model> sends the Converse body
// to api_base as it is, with the bearer key and headers and no signature;
// a stream answered with an event stream is transcoded, one answered
// with a Converse JSON answer is replayed as a stream.
func TestConverseLike(t *testing.T) {
	isolateAWSEnv(t)
	fake := fakebedrock.New(t)
	fake.APIKey = "sk-internal-proxy-key-0123456789"
	fake.Handle("proxied", fakebedrock.Reply{JSON: converseTool, Events: textStream(0, "Streamed", " through")})
	t.Setenv("GW_PROXY_KEY", fake.APIKey)
	startGateway(t, `llm_gateway {
		model json bedrock/converse_like/proxied {
			api_base `+fake.URL+`/model/proxied/converse
			api_key {env.GW_PROXY_KEY}
			header X-Team ml
		}
		model events bedrock/converse_like/proxied {
			api_base `+fake.URL+`/model/proxied/converse-stream
			api_key {env.GW_PROXY_KEY}
		}
	}`)
	client := newClient()

	resp, body := chatOnce(t, "json", false)
	if resp.StatusCode != 200 || !strings.Contains(body, `"name":"get_weather"`) {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	up := fake.Requests()[0]
	if up.RawPath != "/model/proxied/converse" || up.Header.Get("Authorization") != "Bearer "+fake.APIKey || up.Header.Get("X-Team") != "ml" {
		t.Errorf("upstream %s %v", up.RawPath, up.Header)
	}

	// A Converse JSON answer to a streaming request is replayed as a stream.
	replayed := collectStream(t, client, "json")
	if replayed.err != nil || replayed.text != "Let me check." {
		t.Errorf("replayed stream %+v", replayed)
	}
	resp, body = chatOnce(t, "json", true)
	if !strings.Contains(body, `"tool_calls":[{"index":0,"id":`) || !strings.Contains(body, `"finish_reason":"tool_calls"`) || !strings.HasSuffix(strings.TrimSpace(body), "[DONE]") {
		t.Errorf("replayed stream body:\n%s", body)
	}

	got := collectStream(t, client, "events")
	if got.err != nil || got.text != "Streamed through" {
		t.Errorf("event stream %+v", got)
	}
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.Header.Get("Authorization"), "AWS4") {
			t.Error("a converse_like request was signed")
		}
	}
}
