package integration

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

type errorBody struct {
	Error struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

func decodeError(t *testing.T, resp *http.Response) errorBody {
	t.Helper()
	raw := readAll(t, resp.Body)
	var e errorBody
	if err := json.Unmarshal([]byte(raw), &e); err != nil || e.Error.Message == "" || e.Error.Type == "" {
		t.Fatalf("not an OpenAI error: %s", raw)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	return e
}

const hello = `"messages":[{"role":"user","content":"Hi"}]`

func TestUpstreamErrorMapping(t *testing.T) {
	// Each case's failure cools the deployment down; the clock moves past
	// that before the next.
	clock := useFakeClock(t)
	fake := fakebedrock.New(t)
	// A short cooldown, so that Retry-After is the upstream's own.
	startGateway(t, strings.Replace(standardSite(t, fake), "llm_gateway {", "llm_gateway {\n\t\tcooldown 1s", 1))

	for i, tc := range []struct {
		reply       fakebedrock.Reply
		stream      bool
		status      int
		retryAfter  string
		shouldRetry string
		contains    []string
		absent      []string
	}{
		{
			reply:  fakebedrock.Reply{Status: 400, ErrorType: "ValidationException", Message: "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model."},
			status: 400, shouldRetry: "false",
			contains: []string{"on-demand throughput", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"},
		},
		{
			reply:  fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException", Message: "User: arn:aws:sts::123456789012:assumed-role/GatewayRole/i-0abc is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0"},
			stream: true, status: 403, shouldRetry: "false",
			contains: []string{"bedrock:InvokeModelWithResponseStream"},
			absent:   []string{"123456789012", "GatewayRole", "i-0abc"},
		},
		{
			reply:  fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException", Message: "You don't have access to the model with the specified model ID."},
			status: 403, shouldRetry: "false",
			contains: []string{"bedrock:InvokeModel"},
		},
		{
			reply:  fakebedrock.Reply{Status: 404, ErrorType: "ResourceNotFoundException", Message: "Could not resolve the foundation model from the provided model identifier."},
			status: 404, shouldRetry: "false",
		},
		{
			reply:  fakebedrock.Reply{Status: 429, ErrorType: "ThrottlingException", Message: "Too many requests, please wait before trying again.", Header: http.Header{"Retry-After": {"7"}}},
			status: 429, retryAfter: "7",
		},
		{
			reply:  fakebedrock.Reply{Status: 429, ErrorType: "ServiceQuotaExceededException", Message: "Too many tokens per day."},
			status: 429, retryAfter: "2",
		},
		{
			reply:  fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException", Message: "Bedrock is unable to process your request."},
			status: 503, retryAfter: "2",
		},
		{
			reply:  fakebedrock.Reply{Status: 429, ErrorType: "ModelNotReadyException", Message: "Model is not ready for inference."},
			status: 503, retryAfter: "2",
		},
		{
			reply:  fakebedrock.Reply{Status: 408, ErrorType: "ModelTimeoutException", Message: "Model has timed out in processing the request."},
			status: 504,
		},
		{
			// A throttled stream fails before the first chunk: a plain 429.
			reply: fakebedrock.Reply{Events: []fakebedrock.Event{{Type: "throttlingException", Exception: true,
				Payload: `{"message":"Too many tokens, please wait before trying again."}`}}},
			stream: true, status: 429, retryAfter: "2",
		},
	} {
		clock.Advance(time.Hour)
		fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", tc.reply)
		stream := ""
		if tc.stream {
			stream = `"stream":true,`
		}
		resp := post(t, "/v1/chat/completions", `{"model":"claude",`+stream+hello+`}`)
		if resp.StatusCode != tc.status {
			t.Errorf("%d: status %d, want %d", i, resp.StatusCode, tc.status)
		}
		e := decodeError(t, resp)
		if got := resp.Header.Get("Retry-After"); got != tc.retryAfter {
			t.Errorf("%d: Retry-After %q, want %q", i, got, tc.retryAfter)
		}
		if got := resp.Header.Get("X-Should-Retry"); got != tc.shouldRetry {
			t.Errorf("%d: X-Should-Retry %q, want %q", i, got, tc.shouldRetry)
		}
		for _, s := range tc.contains {
			if !strings.Contains(e.Error.Message, s) {
				t.Errorf("%d: message %q lacks %q", i, e.Error.Message, s)
			}
		}
		for _, s := range tc.absent {
			if strings.Contains(e.Error.Message, s) {
				t.Errorf("%d: message %q leaks %q", i, e.Error.Message, s)
			}
		}
	}
}

// chunkedBody marks a test body to send without Content-Length.
const chunkedBody = "(chunked)"

// TestBadRequestsNeverReachUpstream: every problem the gateway can see
// itself is answered before any upstream call.
func TestBadRequestsNeverReachUpstream(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, `llm_gateway {
		max_request_body 2KiB
		`+bedrockBlock(fake)+`
		model claude bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0
		model r1 bedrock/us.deepseek.r1-v1:0
	}`)

	for i, tc := range []struct {
		method, path, body string
		status             int
		code, param        string
		contains           string
	}{
		{"POST", "/v1/chat/completions", `{"model":"claude",` + hello, 400, "invalid_json", "", "not valid JSON"},
		{"POST", "/v1/chat/completions", `["model"]`, 400, "invalid_json", "", "JSON object"},
		{"POST", "/v1/chat/completions", `{"messages":[{"role":"user","content":"Hi"}]}`, 400, "", "model", "model"},
		{"POST", "/v1/chat/completions", `{"model":"claude"}`, 400, "", "messages", "messages"},
		{"POST", "/v1/chat/completions", `{"model":"claude","messages":[]}`, 400, "", "messages", "at least one"},
		{"POST", "/v1/chat/completions", `{"model":"claude","model":"r1",` + hello + `}`, 400, "", "model", "duplicate key"},
		{"POST", "/v1/chat/completions", `{"model":"claude","n":3,` + hello + `}`, 400, "unsupported_parameter", "n", "drop_params"},
		{"POST", "/v1/chat/completions", `{"model":"claude","reasoning_effort":"extreme",` + hello + `}`, 400, "", "reasoning_effort", "reasoning_effort"},
		{"POST", "/v1/chat/completions", `{"model":"claude","thinking":{"type":"enabled","budget_tokens":100},` + hello + `}`, 400, "", "thinking.budget_tokens", "1024"},
		{"POST", "/v1/chat/completions", `{"model":"claude","max_tokens":1500,"thinking":{"type":"enabled","budget_tokens":2000},` + hello + `}`, 400, "", "max_tokens", "thinking budget"},
		{"POST", "/v1/chat/completions", `{"model":"claude","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}`, 400, "", "", "allow_remote_images"},
		{"POST", "/v1/chat/completions", `{"model":"gpt-4o",` + hello + `}`, 404, "model_not_found", "model", "claude, r1"},
		{"POST", "/v1/chat/completions", `{"model":"../../model/us.deepseek.r1-v1:0/converse",` + hello + `}`, 404, "model_not_found", "model", "does not exist"},
		{"POST", "/v1/chat/completions", `{"model":"https://evil.example/v1",` + hello + `}`, 404, "model_not_found", "model", "does not exist"},
		{"POST", "/v1/chat/completions", `{"model":"claude\r\nX-Injected: 1",` + hello + `}`, 404, "model_not_found", "model", "does not exist"},
		{"POST", "/v1/chat/completions", `{"model":"claude%2F..",` + hello + `}`, 404, "model_not_found", "model", "does not exist"},
		{"POST", "/v1/chat/completions", `{"model":"claude","messages":[{"role":"user","content":"` + strings.Repeat("x", 3000) + `"}]}`, 413, "request_too_large", "", "2.0 KiB"},
		{"POST", "/v1/chat/completions", chunkedBody + `{"model":"claude","messages":[{"role":"user","content":"` + strings.Repeat("x", 3000) + `"}]}`, 413, "request_too_large", "", "2.0 KiB"},
		{"GET", "/v1/chat/completions", ``, 405, "", "", "POST"},
		{"POST", "/v1/models", ``, 405, "", "", "GET"},
		{"GET", "/v1/models/gpt-4o", ``, 404, "model_not_found", "model", "claude, r1"},
		{"GET", "/v1/models/..%2Fclaude", ``, 404, "model_not_found", "model", ""},
	} {
		var body io.Reader = strings.NewReader(tc.body)
		if chunked, ok := strings.CutPrefix(tc.body, chunkedBody); ok {
			// Without a known length the body goes chunked: the limit
			// must hold while it is read, not only by Content-Length.
			body = io.MultiReader(strings.NewReader(chunked))
		}
		req, _ := http.NewRequest(tc.method, gatewayBase+tc.path, body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tc.status {
			t.Errorf("%d: status %d, want %d", i, resp.StatusCode, tc.status)
		}
		e := decodeError(t, resp)
		resp.Body.Close()
		if tc.code != "" && (e.Error.Code == nil || *e.Error.Code != tc.code) {
			t.Errorf("%d: code %v, want %q", i, e.Error.Code, tc.code)
		}
		if tc.param != "" && (e.Error.Param == nil || *e.Error.Param != tc.param) {
			t.Errorf("%d: param %v, want %q", i, e.Error.Param, tc.param)
		}
		if !strings.Contains(e.Error.Message, tc.contains) {
			t.Errorf("%d: message %q lacks %q", i, e.Error.Message, tc.contains)
		}
		if tc.status != 405 && resp.Header.Get("X-Should-Retry") != "false" {
			t.Errorf("%d: X-Should-Retry = %q", i, resp.Header.Get("X-Should-Retry"))
		}
	}
	if reqs := fake.Requests(); len(reqs) != 0 {
		t.Errorf("bad requests reached the upstream: %d", len(reqs))
	}
}

// TestNothingOfTheClientReachesUpstream: upstream requests are built from
// scratch, and body fields that would pick an upstream are ignored.
func TestNothingOfTheClientReachesUpstream(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", fakebedrock.Reply{JSON: converseText})
	startGateway(t, standardSite(t, fake))

	resp := post(t, "/v1/chat/completions",
		`{"model":"profiled","api_base":"https://evil.example","base_url":"https://evil.example","region":"eu-west-1",
		  "api_key":"sk-stolen","aws_region_name":"eu-west-1","extra_headers":{"X-Evil":"1"},`+hello+`}`,
		"Authorization", "Bearer sk-client-key-must-not-leak",
		"api-key", "client-azure-key",
		"Cookie", "session=abc",
		"X-Amz-Security-Token", "client-token",
		"X-Amz-Target", "client-target",
		"X-Forwarded-For", "10.0.0.1")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, readAll(t, resp.Body))
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("upstream saw %d requests", len(reqs))
	}
	up := reqs[0]
	if up.RawPath != "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123/converse" {
		t.Errorf("ARN not escaped in the path: %s", up.RawPath)
	}
	for name, values := range up.Header {
		for _, v := range values {
			for _, leak := range []string{"sk-client", "client-azure-key", "session=abc", "client-token", "client-target", "10.0.0.1"} {
				if strings.Contains(v, leak) {
					t.Errorf("client header leaked upstream: %s: %s", name, v)
				}
			}
		}
	}
	for _, leak := range []string{"evil", "sk-stolen", "eu-west-1", "X-Evil", "api_base"} {
		if strings.Contains(string(up.Body), leak) {
			t.Errorf("body field %q reached the upstream: %s", leak, up.Body)
		}
	}
}

// TestBasicAuthAnswersBeforeUpstream: Caddy's auth in front of the gateway
// stops unauthenticated calls before any upstream request.
func TestBasicAuthAnswersBeforeUpstream(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{JSON: converseText})
	// The password is "hunter2" (bcrypt cost 4, to keep the test fast).
	startGateway(t, `basic_auth {
		alice $2a$04$r97LLKImz18b.QyneeTk/O31mQR9RY8qW67UpanMtVZ3sKcbKrXe.
	}
	`+standardSite(t, fake))

	resp := post(t, "/v1/chat/completions", `{"model":"claude",`+hello+`}`)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, gatewayBase+"/v1/chat/completions", strings.NewReader(`{"model":"claude",`+hello+`}`))
	req.SetBasicAuth("alice", "hunter2")
	ok, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ok.Body.Close()
	if ok.StatusCode != 200 {
		t.Errorf("authenticated status %d", ok.StatusCode)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("upstream saw %d requests, want only the authenticated one", len(reqs))
	}
	if strings.Contains(reqs[0].Header.Get("Authorization"), "Basic") {
		t.Error("the client's basic auth was forwarded")
	}
}

// TestStartsWithoutCredentials: with no AWS credentials anywhere the
// gateway starts, lists its models, and answers calls with a clear error.
func TestStartsWithoutCredentials(t *testing.T) {
	logFile := t.TempDir() + "/caddy.log"
	startGatewayWithOptions(t, "log {\n\t\toutput file "+logFile+"\n\t\tlevel DEBUG\n\t}", `llm_gateway {
		bedrock {
			region us-east-1
			access_key_id {env.GATEWAY_TEST_UNSET_KEY}
			secret_access_key {env.GATEWAY_TEST_UNSET_SECRET}
		}
		azure {
			endpoint https://example-resource.openai.azure.com
			api_key {env.GATEWAY_TEST_UNSET_AZURE_KEY}
		}
		azure_ai {
			endpoint https://llama.eastus2.models.ai.azure.com
			api_key {env.GATEWAY_TEST_UNSET_LLAMA_KEY}
		}
		model claude bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0
		model gpt4o azure/gpt-4o
		model llama3 azure_ai/Meta-Llama-3-70B-Instruct
	}`)

	resp, err := http.Get(gatewayBase + "/v1/models")
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp.Body); resp.StatusCode != 200 || !strings.Contains(body, `"id":"claude"`) {
		t.Errorf("models: %d %s", resp.StatusCode, body)
	}
	chat := post(t, "/v1/chat/completions", `{"model":"claude",`+hello+`}`, "Authorization", "Bearer sk-client-key-must-not-leak")
	if chat.StatusCode != http.StatusInternalServerError || chat.Header.Get("X-Should-Retry") != "false" {
		t.Errorf("status %d, X-Should-Retry %q", chat.StatusCode, chat.Header.Get("X-Should-Retry"))
	}
	e := decodeError(t, chat)
	if e.Error.Code == nil || *e.Error.Code != "upstream_credentials_unavailable" || !strings.Contains(e.Error.Message, "no usable AWS credentials") ||
		strings.Contains(e.Error.Message, "/") {
		t.Errorf("error = %+v", e.Error)
	}
	for _, model := range []string{"gpt4o", "llama3"} {
		resp := post(t, "/v1/chat/completions", `{"model":"`+model+`",`+hello+`}`)
		e := decodeError(t, resp)
		if resp.StatusCode != http.StatusInternalServerError || e.Error.Code == nil || *e.Error.Code != "upstream_credentials_unavailable" ||
			!strings.Contains(e.Error.Message, "has no credentials") {
			t.Errorf("%s: %d %+v", model, resp.StatusCode, e.Error)
		}
	}
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "no usable AWS credentials") {
		t.Errorf("the credentials failure was not logged:\n%s", logs)
	}
	if strings.Contains(string(logs), "sk-client-key-must-not-leak") {
		t.Error("the client's Authorization header reached the logs")
	}
}

// TestSecretsStayOutOfLogs: with debug logging on, neither the gateway's
// AWS secret nor a client's key appears in any log line.
func TestSecretsStayOutOfLogs(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException",
		Message: "User: arn:aws:sts::123456789012:assumed-role/GatewayRole/x is not authorized to perform: bedrock:InvokeModel"})
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{Events: textStream(0, "ok")})
	logFile := t.TempDir() + "/caddy.log"
	startGatewayWithOptions(t, "log {\n\t\toutput file "+logFile+"\n\t\tlevel DEBUG\n\t}", standardSite(t, fake))

	post(t, "/v1/chat/completions", `{"model":"claude",`+hello+`}`, "Authorization", "Bearer sk-client-key-must-not-leak")
	readAll(t, post(t, "/v1/chat/completions", `{"model":"r1","stream":true,`+hello+`}`, "Authorization", "Bearer sk-client-key-must-not-leak").Body)
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "upstream request") {
		t.Fatalf("debug logs missing:\n%s", logs)
	}
	for _, secret := range []string{fake.Creds.SecretAccessKey, "sk-client-key-must-not-leak", "Signature="} {
		if strings.Contains(string(logs), secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

// TestOtherPathsReachTheNextHandler: the gateway fronts other apps.
func TestOtherPathsReachTheNextHandler(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, standardSite(t, fake))
	for _, path := range []string{"/", "/v1/responses", "/v2/chat/completions", "/app/v1/models", "/bedrock/runtime"} {
		resp, err := http.Get(gatewayBase + path)
		if err != nil {
			t.Fatal(err)
		}
		if body := readAll(t, resp.Body); body != "other app: "+path {
			t.Errorf("%s: %q", path, body)
		}
	}
	resp, err := http.Get(gatewayBase + "/models")
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp.Body); !strings.Contains(body, `"object":"list"`) {
		t.Errorf("/models without /v1: %s", body)
	}
}
