package bedrock

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

const (
	profileARN = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc"
	claudeID   = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"
)

func TestConverseWirePathAndSignature(t *testing.T) {
	isolateAWS(t)
	tests := []struct {
		name    string
		modelID string
		stream  bool
		prefix  string
		wantRaw string
	}{
		{name: "plain id", modelID: "amazon.titan-text-lite-v1",
			wantRaw: "/model/amazon.titan-text-lite-v1/converse"},
		{name: "id with colon", modelID: claudeID,
			wantRaw: "/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse"},
		{name: "arn", modelID: profileARN,
			wantRaw: "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc/converse"},
		{name: "arn stream", modelID: profileARN, stream: true,
			wantRaw: "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc/converse-stream"},
		{name: "odd bytes", modelID: "a b+c~d",
			wantRaw: "/model/a%20b%2Bc~d/converse"},
		{name: "endpoint prefix", modelID: claudeID, prefix: "/bedrock/",
			wantRaw: "/bedrock/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakebedrock.New(t)
			s.Handle(tt.modelID, fakebedrock.Reply{JSON: `{"output":{}}`, Events: []fakebedrock.Event{{Type: "messageStop", Payload: `{}`}}})
			acct := fakeAccount(s)
			acct.Endpoint += tt.prefix
			a := provision(t, acct)

			body := []byte(`{"messages":[{"role":"user","content":[{"text":"hi"}]}]}`)
			resp, err := a.Converse(context.Background(), tt.modelID, tt.stream, body)
			if err != nil {
				t.Fatalf("Converse: %v", err)
			}
			defer resp.Body.Close()
			if tt.stream {
				if _, err := eventstream.NewDecoder().Decode(resp.Body, nil); err != nil {
					t.Errorf("decoding stream: %v", err)
				}
			} else if got, _ := io.ReadAll(resp.Body); string(got) != `{"output":{}}` {
				t.Errorf("body = %s", got)
			}

			r := s.Requests()[0]
			wantAccept := "application/json"
			if tt.stream {
				wantAccept = "application/vnd.amazon.eventstream"
			}
			if r.RawPath != tt.wantRaw || r.ModelID != tt.modelID || string(r.Body) != string(body) {
				t.Errorf("wire path %q model %q body %s", r.RawPath, r.ModelID, r.Body)
			}
			if r.Header.Get("Accept") != wantAccept || r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("Accept %q Content-Type %q", r.Header.Get("Accept"), r.Header.Get("Content-Type"))
			}
			if r.Header.Get("X-Amz-Security-Token") != "" {
				t.Error("security token sent without one configured")
			}
		})
	}
}

func TestConverseSessionTokenAndHeaders(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Creds.SessionToken = "the-session-token"
	s.Handle(claudeID, fakebedrock.Reply{JSON: `{}`})
	acct := fakeAccount(s)
	acct.Headers = http.Header{"x-tenant": {"blue"}, "User-Agent": {"custom-agent"}}
	a := provision(t, acct)

	resp, err := a.Converse(context.Background(), claudeID, false, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	h := s.Requests()[0].Header
	if h.Get("X-Amz-Security-Token") != "the-session-token" {
		t.Errorf("X-Amz-Security-Token = %q", h.Get("X-Amz-Security-Token"))
	}
	if h.Get("X-Tenant") != "blue" || h.Get("User-Agent") != "custom-agent" {
		t.Errorf("extra headers: %v", h)
	}
	// The fake verified the signature; the extra header must be under it.
	if auth := h.Get("Authorization"); !strings.Contains(auth, "x-tenant") {
		t.Errorf("x-tenant is not signed: %s", auth)
	}
}

func TestConverseErrors(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle("bad", fakebedrock.Reply{Status: 400, ErrorType: "ValidationException", Message: "Malformed input request"})
	s.Handle("busy", fakebedrock.Reply{Status: 429, Message: "Too many tokens", Header: http.Header{"Retry-After": {"7"}}})
	s.Handle("denied", fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException", Message: "not authorized"})

	wrongSecret := fakeAccount(s)
	wrongSecret.SecretAccessKey = "wrong-secret-value"

	tests := []struct {
		name    string
		account *Account
		modelID string
		stream  bool
		want    APIError
	}{
		{"validation", fakeAccount(s), "bad", false,
			APIError{Status: 400, Type: "ValidationException", Message: "Malformed input request", Operation: "bedrock:InvokeModel"}},
		{"throttled stream", fakeAccount(s), "busy", true,
			APIError{Status: 429, Type: "ThrottlingException", Message: "Too many tokens", RetryAfter: "7", Operation: "bedrock:InvokeModelWithResponseStream"}},
		{"access denied", fakeAccount(s), "denied", false,
			APIError{Status: 403, Type: "AccessDeniedException", Message: "not authorized", Operation: "bedrock:InvokeModel"}},
		{"unknown model", fakeAccount(s), "nope", false,
			APIError{Status: 404, Type: "ResourceNotFoundException", Message: "Model not found: nope", Operation: "bedrock:InvokeModel"}},
		{"bad signature", wrongSecret, "bad", false,
			APIError{Status: 403, Type: "InvalidSignatureException", Operation: "bedrock:InvokeModel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := provision(t, tt.account)
			resp, err := a.Converse(context.Background(), tt.modelID, tt.stream, []byte(`{}`))
			if resp != nil {
				resp.Body.Close()
				t.Fatal("got a response")
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T), want *APIError", err, err)
			}
			got := *apiErr
			if tt.want.Message == "" {
				got.Message = ""
			}
			// The fake numbers its answers; every error carries AWS's id.
			if !strings.HasPrefix(got.RequestID, "00000000-0000-4000-8000-") {
				t.Errorf("request id %q", got.RequestID)
			}
			got.RequestID = ""
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			if strings.Contains(err.Error(), "wrong-secret-value") {
				t.Errorf("error leaks the secret: %v", err)
			}
		})
	}
}

func TestConverseTransportErrors(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	a := provision(t, fakeAccount(s))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Converse(ctx, "m", false, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := a.Converse(context.Background(), "", false, nil); err == nil {
		t.Error("empty model ID accepted")
	}
	if _, err := (&Account{}).Converse(context.Background(), "m", false, nil); err == nil {
		t.Error("unprovisioned account accepted")
	}
}

func TestConverseDoesNotFollowRedirects(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle("m", fakebedrock.Reply{Status: 307, Header: http.Header{"Location": {"http://127.0.0.1:1/elsewhere"}}})
	a := provision(t, fakeAccount(s))
	_, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 307 {
		t.Fatalf("error %v, want a 307 *APIError", err)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestConverseLogsNoSecrets(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Creds.SessionToken = "the-session-token"
	s.Handle("m", fakebedrock.Reply{JSON: `{}`})
	core, logs := observer.New(zapcore.DebugLevel)
	a := fakeAccount(s)
	if err := a.Provision(context.Background(), "logged", nil, zap.New(core)); err != nil {
		t.Fatal(err)
	}
	defer a.Cleanup()
	resp, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	if logs.Len() < 2 {
		t.Fatalf("%d log entries, want provisioning and request", logs.Len())
	}
	for _, e := range logs.All() {
		if e.Level != zapcore.DebugLevel {
			t.Errorf("%q logged at %v", e.Message, e.Level)
		}
		for k, v := range e.ContextMap() {
			str, _ := v.(string)
			for _, secret := range []string{s.Creds.SecretAccessKey, s.Creds.SessionToken, s.Creds.AccessKeyID, "AWS4-HMAC-SHA256"} {
				if strings.Contains(str, secret) {
					t.Errorf("%q field %s leaks %q", e.Message, k, secret)
				}
			}
		}
	}
}

// Requests share the signer and the configured header slices; the race
// detector checks that nothing writes to them.
func TestConverseConcurrent(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle(profileARN, fakebedrock.Reply{JSON: `{}`, Events: []fakebedrock.Event{{Type: "messageStop", Payload: `{}`}}})
	acct := fakeAccount(s)
	acct.Headers = http.Header{"X-Tenant": {"blue"}}
	a := provision(t, acct)

	const n = 16
	errs := make(chan error, n)
	for i := range n {
		go func() {
			resp, err := a.Converse(context.Background(), profileARN, i%2 == 0, []byte(`{}`))
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if got := len(s.Requests()); got != n {
		t.Errorf("%d requests, want %d", got, n)
	}
}

// Cancelling the caller's context must reach Bedrock: that is how a client
// going away stops a generation, as there is no client timeout.
func TestConverseStreamCancelReachesUpstream(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle(claudeID, fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Block: true},
	}})
	a := provision(t, fakeAccount(s))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resp, err := a.Converse(ctx, claudeID, true, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := eventstream.NewDecoder().Decode(resp.Body, nil); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-s.Canceled():
	case <-time.After(5 * time.Second):
		t.Fatal("upstream request was not cancelled")
	}
}
