package bedrock

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestInvokePaths: InvokeModel and its stream go to /invoke and
// /invoke-with-response-stream, signed, with the Accept each answers in.
func TestInvokePaths(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle(claudeID, fakebedrock.Reply{JSON: `{"content":[]}`, Events: []fakebedrock.Event{{Payload: `{"type":"message_stop"}`}}})
	a := provision(t, fakeAccount(s))
	for _, stream := range []bool{false, true} {
		resp, err := a.Invoke(context.Background(), claudeID, stream, []byte(`{"anthropic_version":"bedrock-2023-05-31"}`))
		if err != nil {
			t.Fatalf("stream %v: %v", stream, err)
		}
		resp.Body.Close()
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].Operation != "invoke" || reqs[1].Operation != "invoke-with-response-stream" ||
		reqs[0].Header.Get("Accept") != "application/json" || reqs[1].Header.Get("Accept") != "application/vnd.amazon.eventstream" {
		t.Errorf("requests %+v", reqs)
	}
	s.Handle(claudeID, fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException", Message: "no"})
	_, err := a.Invoke(context.Background(), claudeID, true, []byte(`{}`))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Operation != "bedrock:InvokeModelWithResponseStream" {
		t.Errorf("error %v", err)
	}
}

// TestAPIKeys: an account's api_key, else AWS_BEARER_TOKEN_BEDROCK, is
// sent as a bearer token instead of a signature; static keys win over the
// environment's; the key is never in an error.
func TestAPIKeys(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.APIKey = "ABSKbedrock-api-key-example-0123456789"
	s.Handle(claudeID, fakebedrock.Reply{JSON: `{}`})
	call := func(a *Account) (string, error) {
		resp, err := a.Converse(context.Background(), claudeID, false, []byte(`{}`))
		if err == nil {
			resp.Body.Close()
		}
		reqs := s.Requests()
		return reqs[len(reqs)-1].Header.Get("Authorization"), err
	}

	a := provision(t, &Account{Region: s.Region, Endpoint: s.URL, APIKey: s.APIKey})
	if auth, err := call(a); err != nil || auth != "Bearer "+s.APIKey {
		t.Errorf("api_key: %q, %v", auth, err)
	}

	t.Setenv(EnvBearerToken, s.APIKey)
	a = provision(t, &Account{Region: s.Region, Endpoint: s.URL})
	if auth, err := call(a); err != nil || auth != "Bearer "+s.APIKey {
		t.Errorf("%s: %q, %v", EnvBearerToken, auth, err)
	}
	a = provision(t, fakeAccount(s))
	if auth, err := call(a); err != nil || !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") {
		t.Errorf("static keys beside %s: %q, %v", EnvBearerToken, auth, err)
	}

	a = provision(t, &Account{Region: s.Region, Endpoint: s.URL, APIKey: "ABSKwrong-key-0123456789"})
	if _, err := call(a); err == nil || strings.Contains(err.Error(), "ABSK") {
		t.Errorf("wrong key: %v", err)
	}
	bad := &Account{Region: s.Region, Endpoint: s.URL, APIKey: "k", AccessKeyID: "AKID", SecretAccessKey: "s"}
	if err := bad.Provision(context.Background(), "test", nil, nil); err == nil || !strings.Contains(err.Error(), "api_key cannot be combined") {
		t.Errorf("api_key with static keys: %v", err)
	}
}

// TestForward: a pass-through keeps only content negotiation and
// Bedrock's request options of the client's headers, signs the request
// anew, and hands back the answer whatever its status.
func TestForward(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle(claudeID, fakebedrock.Reply{Status: 400, ErrorType: "ValidationException", Message: "bad"})
	a := provision(t, fakeAccount(s))
	client := http.Header{
		"Authorization":                      {"AWS4-HMAC-SHA256 Credential=AKIACLIENT/..."},
		"X-Amz-Security-Token":               {"client-token"},
		"X-Amz-Date":                         {"20200101T000000Z"},
		"Cookie":                             {"a=b"},
		"X-Amzn-Bedrock-Guardrailidentifier": {"gr-1"},
		"X-Amzn-Bedrock-Trace":               {"ENABLED"},
		"Content-Type":                       {"application/json"},
	}
	resp, err := a.Forward(context.Background(), claudeID, OpInvoke, []byte(`{"x":1}`), client)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || resp.Header.Get("X-Amzn-Errortype") == "" || !strings.Contains(string(body), "bad") {
		t.Errorf("answer %d %s", resp.StatusCode, body)
	}
	up := s.Requests()[0]
	if up.Header.Get("X-Amzn-Bedrock-Guardrailidentifier") != "gr-1" || up.Header.Get("X-Amzn-Bedrock-Trace") != "ENABLED" ||
		up.Header.Get("Cookie") != "" || up.Header.Get("X-Amz-Security-Token") != "" || strings.Contains(up.Header.Get("Authorization"), "AKIACLIENT") {
		t.Errorf("upstream headers %v", up.Header)
	}
	if _, err := a.Forward(context.Background(), claudeID, "../converse", nil, nil); err == nil {
		t.Error("an unknown operation was sent")
	}
}

// TestConverseLike: a converse_like server gets the body at its URL as it
// is, with the bearer key and extra headers, and no signature.
func TestConverseLike(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		if r.Header.Get("Authorization") != "Bearer sk-proxy-key" {
			w.WriteHeader(401)
			// A proxy that echoes what it was sent.
			_, _ = io.WriteString(w, `{"message":"bad key `+r.Header.Get("Authorization")+`"}`)
			return
		}
		_, _ = io.WriteString(w, `{"output":{}}`)
	}))
	defer srv.Close()
	c, err := NewConverseLike("model x", srv.URL+"/v1/proxy/converse?tenant=a", "sk-proxy-key", http.Header{"X-Team": {"ml"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Cleanup()
	resp, err := c.Post(context.Background(), true, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.URL.Path != "/v1/proxy/converse" || got.URL.RawQuery != "tenant=a" || got.Header.Get("X-Team") != "ml" ||
		got.Header.Get("Accept") != "application/vnd.amazon.eventstream" {
		t.Errorf("request %s %v", got.URL, got.Header)
	}
	c2, _ := NewConverseLike("model x", srv.URL, "sk-wrong-key", nil, nil)
	defer c2.Cleanup()
	if _, err := c2.Post(context.Background(), false, []byte(`{}`)); err == nil || strings.Contains(err.Error(), "sk-wrong") {
		t.Errorf("error %v", err)
	}
	for _, base := range []string{"", "ftp://x", "http://user:pw@x/", "/relative"} {
		if _, err := NewConverseLike("model x", base, "", nil, nil); err == nil {
			t.Errorf("api_base %q accepted", base)
		}
	}
}
