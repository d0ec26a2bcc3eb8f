package integration

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

const claudeID = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"

// twoRegions starts two fake Bedrock regions and returns a site whose
// alias claude is a pool of both, east first, with the given options on
// the llm_gateway block and on each model line.
func twoRegions(t *testing.T, blockOpts, lineOpts string) (east, west *fakebedrock.Server, site string) {
	east, west = fakebedrock.New(t), fakebedrock.New(t)
	west.Region = "us-west-2"
	account := func(name string, f *fakebedrock.Server) string {
		return fmt.Sprintf(`bedrock %s {
			region %s
			access_key_id %s
			secret_access_key %s
			endpoint %s
		}`, name, f.Region, f.Creds.AccessKeyID, f.Creds.SecretAccessKey, f.URL)
	}
	site = `llm_gateway {
		` + blockOpts + `
		` + account("east", east) + `
		` + account("west", west) + `
		model claude bedrock/` + claudeID + ` {
			account east
			` + lineOpts + `
		}
		model claude bedrock/` + claudeID + ` {
			account west
			` + lineOpts + `
		}
	}`
	return east, west, site
}

func chatOnce(t *testing.T, model string, stream bool) (*http.Response, string) {
	t.Helper()
	resp := post(t, "/v1/chat/completions", fmt.Sprintf(`{"model":%q,"stream":%v,%s}`, model, stream, hello))
	return resp, readAll(t, resp.Body)
}

// answeredBy is the account named in a response's X-LLM-Gateway-Model.
func answeredBy(t *testing.T, model string, stream bool) string {
	t.Helper()
	resp, body := chatOnce(t, model, stream)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	_, account, _ := strings.Cut(resp.Header.Get("X-Llm-Gateway-Model"), "account=")
	account, _, _ = strings.Cut(account, ";")
	return account
}

func throttled(retryAfter string) fakebedrock.Reply {
	return fakebedrock.Reply{Status: 429, ErrorType: "ThrottlingException", Message: "Too many requests, please wait before trying again.",
		Header: http.Header{"Retry-After": {retryAfter}}}
}

// TestFailoverAndCooldown: a throttled region is skipped for its cooldown
// (the longer of cooldown and Retry-After) and the request is answered by
// the other one, which the response header names.
func TestFailoverAndCooldown(t *testing.T) {
	clock := useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "")
	east.Handle(claudeID, throttled("45"))
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)

	resp, body := chatOnce(t, "claude", false)
	if resp.StatusCode != 200 || !strings.Contains(body, "Paris") {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if h := resp.Header.Get("X-Llm-Gateway-Model"); !strings.HasPrefix(h, "claude; deployment=1; provider=bedrock; account=west; upstream_model="+claudeID) {
		t.Errorf("X-LLM-Gateway-Model = %q", h)
	}
	// East is out of rotation: the next requests go to west at once.
	for range 3 {
		if resp, _ := chatOnce(t, "claude", false); resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if n, m := len(east.Requests()), len(west.Requests()); n != 1 || m != 4 {
		t.Errorf("east saw %d requests, west %d", n, m)
	}
	health := getHealth(t)
	if d := health.Models[0].Deployments[0]; d.Available || d.Reason != "cooling down" || d.CoolingUntil == nil ||
		!d.CoolingUntil.Equal(clock.Now().Add(45*time.Second)) {
		t.Errorf("east in /health: %+v", d)
	}
	// Past the Retry-After, east is tried again.
	clock.Advance(46 * time.Second)
	east.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	if resp, _ := chatOnce(t, "claude", false); resp.Header.Get("X-Llm-Gateway-Model") == "" || len(east.Requests()) != 2 {
		t.Errorf("east not back in rotation: %d requests", len(east.Requests()))
	}
}

// TestEveryDeploymentCoolingDown: with the whole pool out of rotation and
// no fallback, requests are answered at once with 429 and the soonest
// return, without calling anyone.
func TestEveryDeploymentCoolingDown(t *testing.T) {
	clock := useFakeClock(t)
	east, west, site := twoRegions(t, "cooldown 20s", "")
	east.Handle(claudeID, throttled("3"))
	west.Handle(claudeID, throttled("60"))
	startGateway(t, site)

	resp, body := chatOnce(t, "claude", false)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	clock.Advance(5 * time.Second)
	resp, body = chatOnce(t, "claude", true)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "15" || !strings.Contains(body, "cooling down") {
		t.Errorf("status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if n := len(east.Requests()) + len(west.Requests()); n != 2 {
		t.Errorf("upstreams saw %d requests, want the first 2 only", n)
	}
	// Failures that are not throttling give 503.
	clock.Advance(time.Minute)
	east.Handle(claudeID, fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException"})
	west.Handle(claudeID, fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException"})
	for range 3 {
		chatOnce(t, "claude", false)
	}
	resp, body = chatOnce(t, "claude", false)
	if resp.StatusCode != 503 || !strings.Contains(body, "model_unavailable") {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
}

// TestClientErrorsAreNotRetried: a 400 is the request's fault; no other
// deployment is asked.
func TestClientErrorsAreNotRetried(t *testing.T) {
	east, west, site := twoRegions(t, "routing ordered\n\t\tretries 3", "")
	east.Handle(claudeID, fakebedrock.Reply{Status: 400, ErrorType: "ValidationException", Message: "messages: text field is blank"})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)
	if resp, body := chatOnce(t, "claude", false); resp.StatusCode != 400 || !strings.Contains(body, "blank") {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	if len(east.Requests()) != 1 || len(west.Requests()) != 0 {
		t.Errorf("east %d, west %d requests", len(east.Requests()), len(west.Requests()))
	}
}

// TestRetriesBackOffWithinBudget: retries of a tried deployment wait an
// exponential backoff with jitter, never less than Retry-After, and stop
// when the next wait would pass retry_budget.
func TestRetriesBackOffWithinBudget(t *testing.T) {
	clock := useFakeClock(t)
	fake := fakebedrock.New(t)
	unavailable := fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException", Message: "busy",
		Header: http.Header{"Retry-After": {"3"}}}
	fake.HandleSequence(claudeID, unavailable, unavailable, fakebedrock.Reply{JSON: converseText})
	startGateway(t, `llm_gateway {
		retries 2
		retry_budget 10s
		allowed_fails 5
		`+bedrockBlock(fake)+`
		model claude bedrock/`+claudeID+`
	}`)
	if resp, body := chatOnce(t, "claude", false); resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	slept := clock.Slept()
	if len(slept) != 2 || slept[0] < 3*time.Second || slept[1] < 3*time.Second {
		t.Errorf("waits %v, want two of at least Retry-After", slept)
	}
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("%d upstream requests", n)
	}

	// With a budget of 5s, the second wait of 3s would pass it.
	fake.HandleSequence(claudeID, unavailable, unavailable, fakebedrock.Reply{JSON: converseText})
	startGateway(t, `llm_gateway {
		retries 2
		retry_budget 5s
		allowed_fails 5
		`+bedrockBlock(fake)+`
		model claude bedrock/`+claudeID+`
	}`)
	resp, _ := chatOnce(t, "claude", false)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "3" || len(fake.Requests()) != 5 {
		t.Errorf("status %d, Retry-After %q, %d upstream requests", resp.StatusCode, resp.Header.Get("Retry-After"), len(fake.Requests()))
	}
}

// TestStreamRetriedOnlyBeforeItsFirstByte: a stream whose first frame is
// an exception moves to the next deployment; one that fails after its
// first bytes reached the client ends with an error event, and nothing is
// asked again.
func TestStreamRetriedOnlyBeforeItsFirstByte(t *testing.T) {
	useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "")
	east.Handle(claudeID, fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "throttlingException", Exception: true, Payload: `{"message":"Too many tokens, please wait before trying again."}`},
	}})
	west.Handle(claudeID, fakebedrock.Reply{Events: textStream(0, "Hello", " from", " west")})
	startGateway(t, site)

	client := newClient()
	got := collectStream(t, client, "claude")
	if got.text != "Hello from west" || got.err != nil {
		t.Errorf("stream %+v", got)
	}

	// Now east is cooling down; west fails mid-stream.
	west.Handle(claudeID, fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"text":"Half an"}}`},
		{Type: "throttlingException", Exception: true, Payload: `{"message":"Too many tokens"}`},
	}})
	got = collectStream(t, client, "claude")
	if got.text != "Half an" || got.err == nil || !strings.Contains(got.err.Error(), "Too many tokens") {
		t.Errorf("stream %+v", got)
	}
	if len(east.Requests()) != 1 || len(west.Requests()) != 2 {
		t.Errorf("east %d, west %d requests", len(east.Requests()), len(west.Requests()))
	}
}

// chatAnswer asks model once with the OpenAI client; it returns the
// answer and the response's X-LLM-Gateway-Model.
func chatAnswer(t *testing.T, client openai.Client, model, prompt string) (*openai.ChatCompletion, string) {
	t.Helper()
	var raw *http.Response
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: model, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(prompt)},
	}, option.WithResponseInto(&raw))
	if err != nil {
		t.Fatal(err)
	}
	return resp, raw.Header.Get("X-Llm-Gateway-Model")
}

type streamResult struct {
	text string
	err  error
}

func collectStream(t *testing.T, client openai.Client, model string, opts ...option.RequestOption) streamResult {
	t.Helper()
	s := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:    model,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
	}, opts...)
	var r streamResult
	for s.Next() {
		if c := s.Current(); len(c.Choices) > 0 {
			r.text += c.Choices[0].Delta.Content
		}
	}
	r.err = s.Err()
	return r
}

// TestFailoverOnBrokenConnections: a refused connection and a connection
// reset before the answer move the request on.
func TestFailoverOnBrokenConnections(t *testing.T) {
	useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "")
	east.Handle(claudeID, fakebedrock.Reply{Reset: true})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)
	if resp, body := chatOnce(t, "claude", false); resp.StatusCode != 200 || resp.Header.Get("X-Llm-Gateway-Model") == "" {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	if len(east.Requests()) != 1 || len(west.Requests()) != 1 {
		t.Errorf("east %d, west %d requests", len(east.Requests()), len(west.Requests()))
	}
}

// TestTimeouts: each timeout ends the attempt with its own error: 504
// naming it before the first byte, an error event after it.
func TestTimeouts(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, `llm_gateway {
		`+bedrockBlock(fake)+`
		model slow bedrock/`+claudeID+` {
			first_byte_timeout 200ms
		}
		model stall bedrock/us.deepseek.r1-v1:0 {
			idle_timeout 200ms
		}
		model long bedrock/amazon.nova-lite-v1:0 {
			timeout 300ms
		}
	}`)
	fake.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Delay: 5 * time.Second})
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"text":"Thinking"}}`},
		{Block: true},
	}})
	fake.Handle("amazon.nova-lite-v1:0", fakebedrock.Reply{Events: textStream(150*time.Millisecond, "one", "two", "three", "four")})

	start := time.Now()
	resp, body := chatOnce(t, "slow", false)
	if resp.StatusCode != 504 || !strings.Contains(body, `"code":"first_byte_timeout"`) || time.Since(start) > 3*time.Second {
		t.Errorf("status %d after %v: %s", resp.StatusCode, time.Since(start), body)
	}
	for _, tc := range []struct{ model, code, text string }{{"stall", "idle_timeout", "Thinking"}, {"long", "timeout", "one"}} {
		resp, body = chatOnce(t, tc.model, true)
		if resp.StatusCode != 200 || !strings.Contains(body, tc.text) || !strings.Contains(body, `"code":"`+tc.code+`"`) ||
			strings.Contains(body, "[DONE]") {
			t.Errorf("%s: status %d: %s", tc.model, resp.StatusCode, body)
		}
	}
}

// TestFallbacks: an alias whose every deployment failed moves on to its
// fallbacks in order; the answer names the alias that answered; the
// context-window and content-policy lists serve their own failures; and
// fallbacks do not chain.
func TestFallbacks(t *testing.T) {
	clock := useFakeClock(t)
	fake := fakebedrock.New(t)
	startGateway(t, `llm_gateway {
		`+bedrockBlock(fake)+`
		model claude bedrock/`+claudeID+` {
			fallback missing-link backup
			context_window_fallback big
		}
		model missing-link bedrock/amazon.nova-lite-v1:0 {
			fallback never
		}
		model backup bedrock/us.deepseek.r1-v1:0
		model big bedrock/amazon.nova-pro-v1:0
		model never bedrock/amazon.nova-micro-v1:0
	}`)
	fake.Handle(claudeID, fakebedrock.Reply{Status: 500, ErrorType: "InternalServerException"})
	fake.Handle("amazon.nova-lite-v1:0", fakebedrock.Reply{Status: 503, ErrorType: "ModelNotReadyException"})
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{JSON: converseText})
	fake.Handle("amazon.nova-pro-v1:0", fakebedrock.Reply{JSON: converseText})
	fake.Handle("amazon.nova-micro-v1:0", fakebedrock.Reply{JSON: converseText})

	client := newClient()
	resp, header := chatAnswer(t, client, "claude", "Hi")
	if resp.Model != "backup" || !strings.HasPrefix(header, "backup; deployment=0") {
		t.Errorf("model %q, header %q", resp.Model, header)
	}
	for _, r := range fake.Requests() {
		if r.ModelID == "amazon.nova-micro-v1:0" {
			t.Error("a fallback's own fallback was tried")
		}
	}

	fake.Handle(claudeID, fakebedrock.Reply{Status: 400, ErrorType: "ValidationException",
		Message: "Input is too long for requested model."})
	if resp, _ = chatAnswer(t, client, "claude", "A long story"); resp.Model != "big" {
		t.Errorf("context window fallback: %+v", resp)
	}

	// When the fallbacks fail too, the client gets its own alias's
	// failure, which names theirs.
	clock.Advance(time.Hour)
	fake.Handle(claudeID, fakebedrock.Reply{Status: 500, ErrorType: "InternalServerException"})
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{Status: 429, ErrorType: "ThrottlingException"})
	r, body := chatOnce(t, "claude", false)
	if r.StatusCode != 502 || !strings.Contains(body, "InternalServerException") ||
		!strings.Contains(body, "fallbacks failed too: missing-link (503 ") || !strings.Contains(body, "backup (429 rate_limit_exceeded)") {
		t.Errorf("status %d: %s", r.StatusCode, body)
	}
}

// TestExpiredCredentialsRefreshedOnce: an expired token invalidates the
// account's credentials and the same deployment is tried once more.
func TestExpiredCredentialsRefreshedOnce(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.HandleSequence(claudeID,
		fakebedrock.Reply{Status: 403, ErrorType: "ExpiredTokenException", Message: "The security token included in the request is expired"},
		fakebedrock.Reply{JSON: converseText})
	startGateway(t, `llm_gateway {
		`+bedrockBlock(fake)+`
		model claude bedrock/`+claudeID+`
	}`)
	if resp, body := chatOnce(t, "claude", false); resp.StatusCode != 200 {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	fake.HandleSequence(claudeID, fakebedrock.Reply{Status: 403, ErrorType: "ExpiredTokenException", Message: "expired"})
	resp, body := chatOnce(t, "claude", false)
	if resp.StatusCode != 500 || !strings.Contains(body, "upstream_credentials_rejected") || len(fake.Requests()) != 4 {
		t.Errorf("status %d after %d requests: %s", resp.StatusCode, len(fake.Requests()), body)
	}
}

// TestStreamFailingAfterItsRoleFailsOver: a stream that announced the
// assistant's role and then failed has told the client nothing yet, so
// it moves on to the next deployment.
func TestStreamFailingAfterItsRoleFailsOver(t *testing.T) {
	useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "")
	east.Handle(claudeID, fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "throttlingException", Exception: true, Payload: `{"message":"Too many tokens"}`},
	}})
	west.Handle(claudeID, fakebedrock.Reply{Events: textStream(0, "From", " west")})
	startGateway(t, site)
	client := newClient()
	if got := collectStream(t, client, "claude"); got.text != "From west" || got.err != nil {
		t.Errorf("stream %+v", got)
	}
	if len(east.Requests()) != 1 || len(west.Requests()) != 1 {
		t.Errorf("east %d, west %d requests", len(east.Requests()), len(west.Requests()))
	}
}
