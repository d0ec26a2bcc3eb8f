package fakebedrock_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/encoding/httpbinding"
	"go.uber.org/goleak"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc"

// call is one client request to the fake, signed like the SDK signs.
type call struct {
	modelID string
	op      string
	body    string
	creds   aws.Credentials
	region  string
	at      time.Time
	sign    func(*v4.SignerOptions) // signer option tweaks
	after   func(*http.Request)     // changes made after signing
	noSign  bool
}

func (c call) do(t *testing.T, ctx context.Context, s *fakebedrock.Server) *http.Response {
	t.Helper()
	if c.op == "" {
		c.op = "converse"
	}
	if c.creds == (aws.Credentials{}) {
		c.creds = s.Creds
	}
	if c.region == "" {
		c.region = s.Region
	}
	if c.at.IsZero() {
		c.at = time.Now()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Path = "/model/" + c.modelID + "/" + c.op
	req.URL.RawPath = "/model/" + httpbinding.EscapePath(c.modelID, true) + "/" + c.op
	req.Header.Set("Content-Type", "application/json")
	if !c.noSign {
		sum := sha256.Sum256([]byte(c.body))
		var opts []func(*v4.SignerOptions)
		if c.sign != nil {
			opts = append(opts, c.sign)
		}
		if err := v4.NewSigner().SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), "bedrock", c.region, c.at, opts...); err != nil {
			t.Fatal(err)
		}
	}
	if c.after != nil {
		c.after(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func errorType(resp *http.Response) string {
	t, _, _ := strings.Cut(resp.Header.Get("X-Amzn-Errortype"), ":")
	return t
}

func TestAuthentication(t *testing.T) {
	s := fakebedrock.New(t)
	s.Handle(arn, fakebedrock.Reply{JSON: `{"ok":true}`})
	good := s.Creds
	wrongSecret := good
	wrongSecret.SecretAccessKey = "not-the-secret"
	wrongKey := good
	wrongKey.AccessKeyID = "AKIDOTHER"
	withToken := good
	withToken.SessionToken = "token"

	tests := []struct {
		name     string
		call     call
		status   int
		errType  string
		bodyPart string
	}{
		{name: "valid", call: call{modelID: arn, body: `{}`}, status: 200},
		{name: "valid stream path", call: call{modelID: arn, op: "converse-stream", body: `{}`}, status: 200},
		{name: "wrong secret", call: call{modelID: arn, creds: wrongSecret}, status: 403, errType: "InvalidSignatureException", bodyPart: "signature we calculated"},
		{name: "wrong key id", call: call{modelID: arn, creds: wrongKey}, status: 403, errType: "UnrecognizedClientException"},
		{name: "unexpected session token", call: call{modelID: arn, creds: withToken}, status: 403, errType: "UnrecognizedClientException"},
		{name: "missing authorization", call: call{modelID: arn, noSign: true}, status: 403, errType: "AccessDeniedException", bodyPart: `"Message":"Authorization header is missing"`},
		{name: "malformed authorization", call: call{modelID: arn, after: func(r *http.Request) { r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Signature=abc") }}, status: 403, errType: "IncompleteSignatureException"},
		{name: "body changed after signing", call: call{modelID: arn, body: `{"a":1}`, after: func(r *http.Request) {
			b := []byte(`{"a":2}`)
			r.Body = io.NopCloser(bytes.NewReader(b))
		}}, status: 403, errType: "InvalidSignatureException"},
		{name: "signed header changed", call: call{modelID: arn, after: func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }}, status: 403, errType: "InvalidSignatureException"},
		{name: "path signed without SDK escaping", call: call{modelID: arn, sign: func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }}, status: 403, errType: "InvalidSignatureException"},
		{name: "wrong region", call: call{modelID: arn, region: "eu-west-1"}, status: 403, errType: "InvalidSignatureException", bodyPart: "valid region"},
		{name: "expired", call: call{modelID: arn, at: time.Now().Add(-10 * time.Minute)}, status: 403, errType: "InvalidSignatureException", bodyPart: "Signature expired"},
		{name: "unknown model", call: call{modelID: "amazon.nova-pro-v1:0"}, status: 404, errType: "ResourceNotFoundException"},
		{name: "unknown operation", call: call{modelID: arn, op: "count-tokens"}, status: 404, errType: "UnknownOperationException"},
		{name: "unknown API key", call: call{modelID: arn, noSign: true, after: func(r *http.Request) { r.Header.Set("Authorization", "Bearer nope") }}, status: 403, errType: "UnrecognizedClientException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.call.do(t, context.Background(), s)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (body %s)", resp.StatusCode, tt.status, body)
			}
			if got := errorType(resp); got != tt.errType {
				t.Errorf("error type = %q, want %q", got, tt.errType)
			}
			if !strings.Contains(string(body), tt.bodyPart) {
				t.Errorf("body %s does not contain %q", body, tt.bodyPart)
			}
		})
	}
}

func TestSessionToken(t *testing.T) {
	s := fakebedrock.New(t)
	s.Creds.SessionToken = "session-token"
	s.Handle("m", fakebedrock.Reply{JSON: `{}`})
	noToken := s.Creds
	noToken.SessionToken = ""

	if resp := (call{modelID: "m", creds: noToken}).do(t, context.Background(), s); resp.StatusCode != 403 || errorType(resp) != "UnrecognizedClientException" {
		t.Fatalf("without token: %d %s", resp.StatusCode, errorType(resp))
	}
	if resp := (call{modelID: "m"}).do(t, context.Background(), s); resp.StatusCode != 200 {
		t.Fatalf("with token: %d %s", resp.StatusCode, errorType(resp))
	}
}

func TestRecording(t *testing.T) {
	s := fakebedrock.New(t)
	s.Handle(arn, fakebedrock.Reply{JSON: `{"output":{}}`})
	resp := (call{modelID: arn, body: `{"messages":[]}`}).do(t, context.Background(), s)
	if got, _ := io.ReadAll(resp.Body); string(got) != `{"output":{}}` || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("reply = %s (%s)", got, resp.Header.Get("Content-Type"))
	}
	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests recorded", len(reqs))
	}
	r := reqs[0]
	wantRaw := "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc/converse"
	if r.ModelID != arn || r.Operation != "converse" || r.RawPath != wantRaw || r.Method != "POST" || string(r.Body) != `{"messages":[]}` {
		t.Errorf("recorded %+v", r)
	}
	reqs[0].Body[0] = 'X' // a copy: must not change what the server holds
	if s.Requests()[0].Body[0] != '{' {
		t.Error("Requests does not copy")
	}
}

func TestErrorReply(t *testing.T) {
	s := fakebedrock.New(t)
	s.Handle("m", fakebedrock.Reply{Status: 429, Message: "Too many requests, please wait.", Header: http.Header{"Retry-After": {"3"}}})
	resp := (call{modelID: "m", op: "converse-stream"}).do(t, context.Background(), s)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Fatalf("status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if got := resp.Header.Get("X-Amzn-Errortype"); got != "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" {
		t.Errorf("x-amzn-errortype = %q", got)
	}
	if string(body) != `{"message":"Too many requests, please wait."}` {
		t.Errorf("body = %s", body)
	}
}

func TestStreamFrames(t *testing.T) {
	s := fakebedrock.New(t)
	s.PadPayloads = true
	events := []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"text":"Hi"}}`},
		{Type: "messageStop", Payload: `{}`},
		{Type: "throttlingException", Payload: `{"message":"slow down"}`, Exception: true},
	}
	s.Handle("m", fakebedrock.Reply{Events: events})
	resp := (call{modelID: "m", op: "converse-stream"}).do(t, context.Background(), s)
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.amazon.eventstream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	dec := eventstream.NewDecoder()
	for i, want := range events {
		msg, err := dec.Decode(resp.Body, nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		kind, typeHeader := "event", ":event-type"
		if want.Exception {
			kind, typeHeader = "exception", ":exception-type"
		}
		if got := msg.Headers.Get(":message-type").String(); got != kind {
			t.Errorf("frame %d :message-type = %q", i, got)
		}
		if got := msg.Headers.Get(typeHeader).String(); got != want.Type {
			t.Errorf("frame %d %s = %q", i, typeHeader, got)
		}
		if got := msg.Headers.Get(":content-type").String(); got != "application/json" {
			t.Errorf("frame %d :content-type = %q", i, got)
		}
		var payload map[string]any
		if err := json.Unmarshal(msg.Payload, &payload); err != nil {
			t.Errorf("frame %d payload %s: %v", i, msg.Payload, err)
		}
		if _, padded := payload["p"]; padded == want.Exception {
			t.Errorf("frame %d payload %s: padding wrong", i, msg.Payload)
		}
	}
	if _, err := dec.Decode(resp.Body, nil); err != io.EOF {
		t.Errorf("after last frame: %v, want EOF", err)
	}
}

// TestInvokeStreamChunks: on /invoke-with-response-stream each event goes
// out as InvokeModelWithResponseStream sends it: a "chunk" event whose
// payload carries the model's JSON base64-encoded.
func TestInvokeStreamChunks(t *testing.T) {
	s := fakebedrock.New(t)
	s.PadPayloads = true
	s.Handle("m", fakebedrock.Reply{JSON: `{"generation":"Hi"}`, Events: []fakebedrock.Event{
		{Payload: `{"generation":"Hi","stop_reason":null}`},
		{Type: "modelStreamErrorException", Payload: `{"message":"boom"}`, Exception: true},
	}})
	resp := (call{modelID: "m", op: "invoke"}).do(t, context.Background(), s)
	if body, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || string(body) != `{"generation":"Hi"}` {
		t.Errorf("invoke: %d %s", resp.StatusCode, body)
	}
	resp = (call{modelID: "m", op: "invoke-with-response-stream"}).do(t, context.Background(), s)
	dec := eventstream.NewDecoder()
	msg, err := dec.Decode(resp.Body, nil)
	if err != nil || msg.Headers.Get(":event-type").String() != "chunk" {
		t.Fatalf("first frame: %v %v", err, msg.Headers)
	}
	var chunk struct {
		Bytes []byte `json:"bytes"` // encoding/json decodes base64 into []byte
		P     string `json:"p"`
	}
	if err := json.Unmarshal(msg.Payload, &chunk); err != nil || string(chunk.Bytes) != `{"generation":"Hi","stop_reason":null}` || chunk.P == "" {
		t.Errorf("chunk payload %s: %v", msg.Payload, err)
	}
	if msg, err := dec.Decode(resp.Body, nil); err != nil || msg.Headers.Get(":exception-type").String() != "modelStreamErrorException" {
		t.Errorf("exception frame: %v %v", err, msg.Headers)
	}
}

// TestAPIKey: a configured Bedrock API key is accepted instead of a
// signature.
func TestAPIKey(t *testing.T) {
	s := fakebedrock.New(t)
	s.APIKey = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl"
	s.Handle("m", fakebedrock.Reply{JSON: `{}`})
	resp := (call{modelID: "m", noSign: true, after: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+s.APIKey) }}).do(t, context.Background(), s)
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestStreamDelayAndCancel(t *testing.T) {
	s := fakebedrock.New(t)
	const delay = 500 * time.Millisecond
	s.Handle("m", fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockDelta", Payload: `{"delta":{"text":"a"}}`, Delay: delay},
		{Block: true},
	}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	resp := (call{modelID: "m", op: "converse-stream"}).do(t, ctx, s)
	dec := eventstream.NewDecoder()
	if _, err := dec.Decode(resp.Body, nil); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el >= delay {
		t.Errorf("first frame took %v: not flushed before the delay", el)
	}
	if _, err := dec.Decode(resp.Body, nil); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < delay {
		t.Errorf("second frame after %v, want at least %v", el, delay)
	}
	select {
	case <-s.Canceled():
		t.Fatal("canceled before the client went away")
	default:
	}
	cancel()
	select {
	case <-s.Canceled():
	case <-time.After(5 * time.Second):
		t.Fatal("client disconnect was not signalled")
	}
}
