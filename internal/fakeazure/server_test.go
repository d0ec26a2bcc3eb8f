package fakeazure_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// post sends body to s.URL+path with the given query and headers.
func post(t *testing.T, ctx context.Context, s *fakeazure.Server, path, query, body string, h map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+path+"?"+query, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return send(t, req, h)
}

// send sends req with the headers h set (an empty value deletes one) and
// returns the response and its body, read and closed.
func send(t *testing.T, req *http.Request, h map[string]string) (*http.Response, string) {
	t.Helper()
	for k, v := range h {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const chatBody = `{"messages":[{"role":"user","content":"Hi"}]}`

func TestOpenAIChecks(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "Hello there"})
	s.HandleDeployment("o3", fakeazure.Reply{Text: "42", Reasoning: true})
	key := map[string]string{"Api-Key": s.Key}
	for _, tc := range []struct {
		name, path, query, body string
		h                       map[string]string
		status                  int
		part                    string
	}{
		{"ok", "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", chatBody, key, 200, `"prompt_filter_results"`},
		{"path prefix", "/proxy/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", chatBody, key, 200, `"Hello there"`},
		{"wrong key", "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", chatBody, map[string]string{"Api-Key": "nope"}, 401, "invalid subscription key"},
		{"no key", "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", chatBody, nil, 401, "invalid subscription key"},
		{"unknown token", "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", chatBody, map[string]string{"Authorization": "Bearer x"}, 401, "Access token is missing"},
		{"no api-version", "/openai/deployments/gpt-4o/chat/completions", "", chatBody, key, 404, "Resource not found"},
		{"unknown api-version", "/openai/deployments/gpt-4o/chat/completions", "api-version=2020-01-01", chatBody, key, 400, "API version not supported"},
		{"not json", "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", `{`, key, 400, "could not parse the JSON body"},
		{"content type", "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", chatBody, map[string]string{"Api-Key": s.Key, "Content-Type": "text/plain"}, 415, "UnsupportedMediaType"},
		{"unknown deployment", "/openai/deployments/gpt-5/chat/completions", "api-version=2024-10-21", chatBody, key, 404, "DeploymentNotFound"},
		{"unknown operation", "/openai/deployments/gpt-4o/audio/speech", "api-version=2024-10-21", chatBody, key, 404, "Resource not found"},
		{"text completions", "/openai/deployments/gpt-4o/completions", "api-version=2024-10-21", `{"prompt":"x"}`, key, 200, `"object":"text_completion"`},
		{"reasoning refuses max_tokens", "/openai/deployments/o3/chat/completions", "api-version=2024-12-01-preview",
			`{"messages":[],"max_tokens":5}`, key, 400, "Use 'max_completion_tokens' instead"},
		{"reasoning takes max_completion_tokens", "/openai/deployments/o3/chat/completions", "api-version=2024-12-01-preview",
			`{"messages":[],"max_completion_tokens":5}`, key, 200, `"42"`},
		{"stream_options without stream", "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21",
			`{"messages":[],"stream_options":{"include_usage":true}}`, key, 400, "only allowed when 'stream' is enabled"},
		{"embeddings", "/openai/deployments/gpt-4o/embeddings", "api-version=2024-10-21", `{"input":"x"}`, key, 200, `"embedding"`},
		{"images", "/openai/deployments/gpt-4o/images/generations", "api-version=2024-10-21", `{"prompt":"x"}`, key, 200, `"url"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := post(t, context.Background(), s, tc.path, tc.query, tc.body, tc.h)
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.part) {
				t.Errorf("status %d body %s, want %d and %q", resp.StatusCode, body, tc.status, tc.part)
			}
		})
	}
	reqs := s.Requests()
	if r := reqs[0]; r.Kind != fakeazure.KindOpenAI || r.Deployment != "gpt-4o" || r.Operation != "chat/completions" ||
		r.Query.Get("api-version") != "2024-10-21" || r.Header.Get("Api-Key") != s.Key || string(r.Body) != chatBody {
		t.Errorf("recorded %+v", r)
	}
}

func TestAIExtraParameters(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleModel("", fakeazure.Reply{Text: "Hi"})
	const seed = `{"messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}`
	const many = `{"messages":[],"n":1,"max_tokens":5,"logprobs":false,"top_k":3}`
	const refusedOne = `{"detail":"Extra parameters ['stream_options'] are not allowed when extra-parameters is not set or set to be 'error'. Set extra-parameters to 'pass-through' to pass to the model."}`
	const refusedMany = `{"detail":"Extra parameters ['n', 'logprobs', 'top_k'] are not allowed when extra-parameters is not set or set to be 'error'. Set extra-parameters to 'pass-through' to pass to the model."}`
	for _, tc := range []struct {
		name, path, body, mode string
		status                 int
		want                   string
	}{
		{"the seed's failing request", "/chat/completions", seed, "", 400, refusedOne},
		{"error mode", "/models/chat/completions", many, "error", 400, refusedMany},
		{"drop", "/chat/completions", seed, "drop", 200, ""},
		{"pass-through", "/chat/completions", many, "pass-through", 200, ""},
		{"schema only", "/chat/completions", `{"messages":[],"model":"x","seed":1,"stop":["a"],"tools":[],"tool_choice":"auto","response_format":{"type":"text"},"temperature":1,"top_p":1,"frequency_penalty":0,"presence_penalty":0,"max_tokens":3,"stream":false}`, "", 200, ""},
		{"embeddings schema", "/embeddings", `{"input":["a"],"dimensions":8,"encoding_format":"float","input_type":"query","model":"m","user":"u"}`, "", 400,
			`{"detail":"Extra parameters ['user'] are not allowed when extra-parameters is not set or set to be 'error'. Set extra-parameters to 'pass-through' to pass to the model."}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{"Api-Key": s.Key}
			if tc.mode != "" {
				h["Extra-Parameters"] = tc.mode
			}
			resp, body := post(t, context.Background(), s, tc.path, "api-version=2024-05-01-preview", tc.body, h)
			if resp.StatusCode != tc.status || tc.want != "" && body != tc.want {
				t.Errorf("status %d body %s\nwant %d %s", resp.StatusCode, body, tc.status, tc.want)
			}
		})
	}
}

func TestAIAuthAndModels(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleModel("Mistral-Large-2411", fakeazure.Reply{Text: "Bonjour"})
	body := `{"messages":[],"model":"Mistral-Large-2411"}`
	if resp, b := post(t, context.Background(), s, "/models/chat/completions", "api-version=2024-05-01-preview", body,
		map[string]string{"Authorization": "Bearer " + s.Key}); resp.StatusCode != 200 || !strings.Contains(b, "Bonjour") {
		t.Errorf("bearer key: %d %s", resp.StatusCode, b)
	}
	if resp, b := post(t, context.Background(), s, "/models/chat/completions", "api-version=2024-05-01-preview",
		`{"messages":[],"model":"other"}`, map[string]string{"Api-Key": s.Key}); resp.StatusCode != 400 || !strings.Contains(b, "unknown_model") {
		t.Errorf("unknown model: %d %s", resp.StatusCode, b)
	}
	if resp, b := post(t, context.Background(), s, "/chat/completions", "", body, map[string]string{"Api-Key": s.Key}); resp.StatusCode != 400 ||
		!strings.Contains(b, "MissingApiVersionParameter") {
		t.Errorf("no api-version: %d %s", resp.StatusCode, b)
	}
	if resp, _ := post(t, context.Background(), s, "/chat/completions", "api-version=2024-05-01-preview", body,
		map[string]string{"Authorization": "Bearer wrong"}); resp.StatusCode != 401 {
		t.Errorf("wrong bearer key: %d", resp.StatusCode)
	}
}

// sseChunks reads a stream's data lines.
func sseChunks(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			out = append(out, d)
		}
	}
	return out
}

func TestStreams(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "Hello there friend", Model: "gpt-4o-2024-11-20"})
	s.HandleModel("", fakeazure.Reply{Text: "Hi you"})
	type chunk struct {
		Choices []struct {
			Delta        map[string]any `json:"delta"`
			FinishReason *string        `json:"finish_reason"`
		} `json:"choices"`
		PromptFilter []any          `json:"prompt_filter_results"`
		Usage        map[string]any `json:"usage"`
		Model        string         `json:"model"`
	}
	decode := func(d string) chunk {
		var c chunk
		if err := json.Unmarshal([]byte(d), &c); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		return c
	}

	_, body := post(t, context.Background(), s, "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21",
		`{"messages":[],"stream":true,"stream_options":{"include_usage":true}}`, map[string]string{"Api-Key": s.Key})
	d := sseChunks(t, body)
	if len(d) != 8 || d[len(d)-1] != "[DONE]" {
		t.Fatalf("chunks %q", d)
	}
	if c := decode(d[0]); len(c.Choices) != 0 || len(c.PromptFilter) != 1 || c.Model != "" {
		t.Errorf("first chunk is not the prompt-filter chunk: %s", d[0])
	}
	if c := decode(d[2]); c.Choices[0].Delta["content"] != "Hello " || !strings.Contains(d[2], "content_filter_results") {
		t.Errorf("content chunk %s", d[2])
	}
	if c := decode(d[5]); *c.Choices[0].FinishReason != "stop" {
		t.Errorf("finish chunk %s", d[5])
	}
	if c := decode(d[6]); len(c.Choices) != 0 || c.Usage["total_tokens"] != float64(13) {
		t.Errorf("usage chunk %s", d[6])
	}

	// Azure AI: usage on the finish chunk, unless a usage chunk was asked for.
	_, body = post(t, context.Background(), s, "/chat/completions", "api-version=2024-05-01-preview",
		`{"messages":[],"stream":true}`, map[string]string{"Api-Key": s.Key})
	d = sseChunks(t, body)
	if len(d) != 5 || d[4] != "[DONE]" || decode(d[3]).Usage == nil || strings.Contains(d[0], "prompt_filter") {
		t.Errorf("azure_ai chunks %q", d)
	}
}

func TestEntra(t *testing.T) {
	s := fakeazure.New(t)
	s.TokenLifetime = 10 * time.Minute
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	token := func(form url.Values) (int, map[string]any) {
		resp, body := post(t, context.Background(), s, "/"+s.TenantID+"/oauth2/v2.0/token", "", form.Encode(),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		var m map[string]any
		_ = json.Unmarshal([]byte(body), &m)
		return resp.StatusCode, m
	}
	good := url.Values{"grant_type": {"client_credentials"}, "client_id": {s.ClientID}, "client_secret": {s.ClientSecret}, "scope": {fakeazure.Scope}}
	status, m := token(good)
	if status != 200 || m["token_type"] != "Bearer" || m["expires_in"] != float64(600) {
		t.Fatalf("token: %d %v", status, m)
	}
	tok := m["access_token"].(string)
	if _, m2 := token(good); m2["access_token"] == tok {
		t.Error("tokens are not distinct")
	}
	bad := url.Values{"grant_type": {"client_credentials"}, "client_id": {s.ClientID}, "client_secret": {"wrong"}, "scope": {fakeazure.Scope}}
	if status, m := token(bad); status != 401 || m["error"] != "invalid_client" || !strings.HasPrefix(m["error_description"].(string), "AADSTS7000215") {
		t.Errorf("bad secret: %d %v", status, m)
	}
	if n := s.TokenRequests(); n != 3 {
		t.Errorf("TokenRequests() = %d", n)
	}

	call := func() int {
		resp, _ := post(t, context.Background(), s, "/openai/deployments/gpt-4o/chat/completions", "api-version=2024-10-21", chatBody,
			map[string]string{"Authorization": "Bearer " + tok})
		return resp.StatusCode
	}
	if st := call(); st != 200 {
		t.Fatalf("fresh token: %d", st)
	}
	s.Advance(9 * time.Minute)
	if st := call(); st != 200 {
		t.Fatalf("token near expiry: %d", st)
	}
	s.Advance(time.Minute)
	if st := call(); st != 401 {
		t.Fatalf("expired token: %d", st)
	}
	s.FailTokens(503)
	if status, m := token(good); status != 503 || m["error"] != "temporarily_unavailable" {
		t.Errorf("failing token endpoint: %d %v", status, m)
	}
}

func TestBlockAndCanceled(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Chunks: []fakeazure.Chunk{
		{Data: `{"choices":[{"index":0,"delta":{"content":"a"}}]}`},
		{Raw: ": keep-alive\n\n"},
		{Block: true},
	}})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
		strings.NewReader(`{"messages":[],"stream":true}`))
	req.Header.Set("Api-Key", s.Key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	for _, want := range []string{`data: {"choices":[{"index":0,"delta":{"content":"a"}}]}`, "", ": keep-alive", ""} {
		line, err := r.ReadString('\n')
		if err != nil || strings.TrimSuffix(line, "\n") != want {
			t.Fatalf("line %q (%v), want %q", line, err, want)
		}
	}
	cancel()
	select {
	case <-s.Canceled():
	case <-time.After(5 * time.Second):
		t.Fatal("no Canceled signal")
	}
}
