package azure

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

const chatBody = `{"messages":[{"role":"user","content":"Hi"}],"temperature":0.5}`

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOpenAIPost(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "Hello"})
	a := keyAccount(s)
	a.Headers = http.Header{"X-Ms-Client-Request-Id": {"abc"}}
	provision(t, a)

	for _, tc := range []struct {
		op     string
		body   string
		stream bool
		accept string
		want   string
	}{
		{OpChat, chatBody, false, "application/json", `"content":"Hello"`},
		{OpChat, `{"messages":[],"stream":true}`, true, "text/event-stream", "data: [DONE]"},
		{OpEmbeddings, `{"input":"x"}`, false, "application/json", `"embedding"`},
		{OpImages, `{"prompt":"a cat"}`, false, "application/json", `"url"`},
	} {
		resp, err := a.Post(context.Background(), "gpt-4o", tc.op, []byte(tc.body), tc.stream)
		if err != nil {
			t.Fatalf("%s: %v", tc.op, err)
		}
		if got := readAll(t, resp); !strings.Contains(got, tc.want) {
			t.Errorf("%s: body %s", tc.op, got)
		}
		reqs := s.Requests()
		r := reqs[len(reqs)-1]
		if r.Kind != fakeazure.KindOpenAI || r.Deployment != "gpt-4o" || r.Operation != tc.op || string(r.Body) != tc.body {
			t.Errorf("%s: recorded %+v", tc.op, r)
		}
		h := r.Header
		if h.Get("Api-Key") != s.Key || h.Get("Authorization") != "" || h.Get("Accept") != tc.accept ||
			h.Get("Content-Type") != "application/json" || h.Get("X-Ms-Client-Request-Id") != "abc" ||
			h.Get("Extra-Parameters") != "" || h.Get("User-Agent") != userAgent {
			t.Errorf("%s: headers %v", tc.op, h)
		}
		if q := r.Query; len(q) != 1 || q.Get("api-version") != DefaultOpenAIAPIVersion {
			t.Errorf("%s: query %v", tc.op, q)
		}
	}
}

func TestOpenAIPostEscapesDeployment(t *testing.T) {
	s := fakeazure.New(t)
	const weird = "my dep/../x?y#z%41:é"
	s.HandleDeployment(weird, fakeazure.Reply{Text: "ok"})
	a := provision(t, &OpenAIAccount{Endpoint: s.URL + "/proxy/", Credentials: Credentials{APIKey: s.Key}})
	resp, err := a.Post(context.Background(), weird, OpChat, []byte(chatBody), false)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	r := s.Requests()[0]
	const wantRaw = "/proxy/openai/deployments/my%20dep%2F..%2Fx%3Fy%23z%2541%3A%C3%A9/chat/completions"
	if r.Deployment != weird || r.RawPath != wantRaw {
		t.Errorf("deployment %q raw path %q", r.Deployment, r.RawPath)
	}
	for _, bad := range []string{"", ".", ".."} {
		if _, err := a.Post(context.Background(), bad, OpChat, nil, false); err == nil {
			t.Errorf("deployment %q accepted", bad)
		}
	}
	if _, err := a.Post(context.Background(), "d", "completions", nil, false); err == nil {
		t.Error("unknown operation accepted")
	}
}

func TestAIPost(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleModel("", fakeazure.Reply{Text: "Hi from Llama"})
	for _, tc := range []struct {
		name, prefix, mode, wantMode string
	}{
		{"serverless default drop", "", "", "drop"},
		{"foundry pass-through", "/models", "pass-through", "pass-through"},
		{"error", "", "error", "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := provision(t, &AIAccount{Endpoint: s.URL + tc.prefix, Credentials: Credentials{APIKey: s.Key}, ExtraParameters: tc.mode})
			body := `{"model":"Meta-Llama-3.1-70B-Instruct","messages":[{"role":"user","content":"Hi"}]}`
			resp, err := a.Post(context.Background(), OpChat, []byte(body), false)
			if err != nil {
				t.Fatal(err)
			}
			if got := readAll(t, resp); !strings.Contains(got, "Hi from Llama") {
				t.Errorf("body %s", got)
			}
			reqs := s.Requests()
			r := reqs[len(reqs)-1]
			if r.Path != tc.prefix+"/chat/completions" || r.Query.Get("api-version") != DefaultAIAPIVersion || string(r.Body) != body {
				t.Errorf("recorded %+v", r)
			}
			if r.Header.Get("Api-Key") != s.Key || r.Header.Get("Authorization") != "Bearer "+s.Key ||
				r.Header.Get("Extra-Parameters") != tc.wantMode {
				t.Errorf("headers %v", r.Header)
			}
		})
	}
	a := provision(t, &AIAccount{Endpoint: s.URL, Credentials: Credentials{APIKey: s.Key}})
	resp, err := a.Post(context.Background(), OpEmbeddings, []byte(`{"input":["a"]}`), false)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	if _, err := a.Post(context.Background(), OpImages, nil, false); err == nil {
		t.Error("images accepted on azure_ai")
	}
}

// TestAIExtraParametersSeed is the request that fails through a naive
// proxy: stream_options to a serverless Llama. With the gateway's header
// Azure drops it; without, Azure refuses it.
func TestAIExtraParametersSeed(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleModel("", fakeazure.Reply{Text: "Hi"})
	seed := []byte(`{"messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}`)
	resp, err := provision(t, &AIAccount{Endpoint: s.URL, Credentials: Credentials{APIKey: s.Key}}).Post(context.Background(), OpChat, seed, true)
	if err != nil {
		t.Fatalf("drop mode: %v", err)
	}
	if got := readAll(t, resp); !strings.HasSuffix(got, "data: [DONE]\n\n") {
		t.Errorf("stream %q", got)
	}
	_, err = provision(t, &AIAccount{Endpoint: s.URL, Credentials: Credentials{APIKey: s.Key}, ExtraParameters: "error"}).Post(context.Background(), OpChat, seed, true)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || !strings.Contains(string(apiErr.Body), "Extra parameters ['stream_options']") {
		t.Errorf("error mode: %v", err)
	}
}

func TestStreamArrivesAsSent(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Chunks: []fakeazure.Chunk{
		{Data: `{"choices":[{"index":0,"delta":{"content":"a"}}]}`},
		{Data: `{"choices":[{"index":0,"delta":{"content":"b"}}]}`, Delay: 50 * time.Millisecond},
		{Block: true},
	}})
	a := provision(t, keyAccount(s))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resp, err := a.Post(ctx, "gpt-4o", OpChat, []byte(`{"messages":[],"stream":true}`), true)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("content type %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	for _, want := range []string{"a", "b"} {
		line, err := r.ReadString('\n')
		if err != nil || !strings.Contains(line, `"content":"`+want+`"`) {
			t.Fatalf("line %q (%v), want content %q before the stream ends", line, err, want)
		}
		_, _ = r.ReadString('\n')
	}
	cancel()
	select {
	case <-s.Canceled():
	case <-time.After(5 * time.Second):
		t.Fatal("the cancel did not reach upstream")
	}
}

func TestAPIErrors(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("throttled", fakeazure.Reply{Status: 429, Body: fakeazure.RateLimitBody, Header: http.Header{"Retry-After": {"7"}}})
	s.HandleDeployment("throttled-ms", fakeazure.Reply{Status: 429, Body: fakeazure.RateLimitBody, Header: http.Header{"Retry-After-Ms": {"1500"}}})
	s.HandleDeployment("filtered", fakeazure.Reply{Status: 400, Body: fakeazure.ContentFilterPromptBody})
	s.HandleDeployment("echo", fakeazure.Reply{Status: 500, Body: `{"error":{"message":"proxy saw api-key ` + s.Key + `"}}`})
	s.HandleDeployment("huge", fakeazure.Reply{Status: 502, Body: strings.Repeat("x", 1<<20)})
	s.HandleDeployment("echo at the cut", fakeazure.Reply{Status: 502, Body: strings.Repeat("x", maxErrorBody-4) + s.Key})
	a := provision(t, keyAccount(s))
	for _, tc := range []struct {
		deployment string
		status     int
		retryAfter string
		part       string
	}{
		{"throttled", 429, "7", "exceeded token rate limit"},
		{"throttled-ms", 429, "2", "exceeded token rate limit"},
		{"filtered", 400, "", "ResponsibleAIPolicyViolation"},
		{"missing", 404, "", "DeploymentNotFound"},
		{"echo", 500, "", "proxy saw api-key [REDACTED]"},
		{"huge", 502, "", "xxx"},
		{"echo at the cut", 502, "", "xxx"},
	} {
		_, err := a.Post(context.Background(), tc.deployment, OpChat, []byte(chatBody), false)
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: error %v (%T)", tc.deployment, err, err)
		}
		if apiErr.Status != tc.status || apiErr.RetryAfter != tc.retryAfter || !strings.Contains(string(apiErr.Body), tc.part) ||
			apiErr.Account != "test" || apiErr.Kind != KindOpenAI {
			t.Errorf("%s: %+v", tc.deployment, apiErr)
		}
		if len(apiErr.Body) > maxErrorBody || len(err.Error()) > 400 || strings.Contains(err.Error(), s.Key) ||
			bytes.Contains(apiErr.Body, []byte(s.Key[:4])) {
			t.Errorf("%s: body %d bytes, text %q", tc.deployment, len(apiErr.Body), err.Error())
		}
	}

	// A wrong key: 401, not retried (only an Entra token can be renewed),
	// and the key is in no error text.
	wrong := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{APIKey: "wrong-key-0123456789"}})
	sent := len(s.Requests())
	_, err := wrong.Post(context.Background(), "throttled", OpChat, []byte(chatBody), false)
	if n := len(s.Requests()) - sent; n != 1 {
		t.Errorf("wrong key: %d requests, want 1", n)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || strings.Contains(err.Error(), "wrong-key") ||
		!strings.Contains(err.Error(), `azure account "test": upstream status 401: {"error":{"code":"401","message":"Access denied`) {
		t.Errorf("wrong key: %v", err)
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("redirect followed, api-key %q sent", r.Header.Get("Api-Key"))
	}))
	defer target.Close()
	redirect := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
	defer redirect.Close()
	a := provision(t, &OpenAIAccount{Endpoint: redirect.URL, Credentials: Credentials{APIKey: "k"}})
	_, err := a.Post(context.Background(), "d", OpChat, []byte(`{}`), false)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusTemporaryRedirect {
		t.Errorf("error %v", err)
	}
}

func TestTransportErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	a := provision(t, &OpenAIAccount{Endpoint: url, Credentials: Credentials{APIKey: "s3cr3t-key"}})
	_, err := a.Post(context.Background(), "d", OpChat, []byte(`{}`), false)
	if err == nil || !strings.Contains(err.Error(), `azure account "test": chat/completions:`) || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("unreachable: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Post(ctx, "d", OpChat, []byte(`{}`), false); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestLogsHaveNoSecrets(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	s.HandleDeployment("fail", fakeazure.Reply{Status: 500, Body: `{"error":{"message":"echo ` + s.Key + `"}}`})
	logger, logs := observed()
	ctx := context.Background()

	a := &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{APIKey: s.Key}}
	if err := a.Provision(ctx, "keyed", nil, logger); err != nil {
		t.Fatal(err)
	}
	defer a.Cleanup()
	for _, dep := range []string{"gpt-4o", "fail"} {
		if resp, err := a.Post(ctx, dep, OpChat, []byte(chatBody), false); err == nil {
			readAll(t, resp)
		} else if strings.Contains(err.Error(), s.Key) {
			t.Errorf("error leaks the key: %v", err)
		}
	}

	e := entraAccount(t, s)
	if err := e.Provision(ctx, "entra", nil, logger); err != nil {
		t.Fatal(err)
	}
	defer e.Cleanup()
	resp, err := e.Post(ctx, "gpt-4o", OpChat, []byte(chatBody), false)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	s.FailTokens(401)
	e.c.entra.invalidate(e.c.entra.cur.Load())
	if _, err := e.Post(ctx, "gpt-4o", OpChat, []byte(chatBody), false); err == nil || strings.Contains(err.Error(), s.ClientSecret) {
		t.Errorf("token failure: %v", err)
	}

	ai := &AIAccount{Endpoint: s.URL, Credentials: Credentials{APIKey: s.Key}}
	if err := ai.Provision(ctx, "ai", nil, logger); err != nil {
		t.Fatal(err)
	}
	defer ai.Cleanup()
	_, _ = ai.Post(ctx, OpChat, []byte(chatBody), false)

	if logs.Len() < 5 {
		t.Fatalf("only %d log entries", logs.Len())
	}
	var tokens []string
	for _, r := range s.Requests() {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			tokens = append(tokens, tok)
		}
	}
	checkNoSecrets(t, logs, append(tokens, s.Key, s.ClientSecret)...)
}

// BenchmarkPost measures what the gateway adds per call before the
// network: building the request and its headers.
func BenchmarkPost(b *testing.B) {
	a := &OpenAIAccount{Endpoint: "https://res.openai.azure.com", Credentials: Credentials{APIKey: "k"}}
	if err := a.Provision(context.Background(), "bench", nil, nil); err != nil {
		b.Fatal(err)
	}
	defer a.Cleanup()
	a.c.client = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}
	body := []byte(`{"messages":[{"role":"user","content":"` + strings.Repeat("x", 1024) + `"}]}`)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		resp, err := a.Post(ctx, "gpt-4o", OpChat, body, true)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}
