package integration

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"golang.org/x/net/http2"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// nativeClient is an AWS SDK Bedrock runtime client pointed at the
// gateway's pass-through, signing with credentials of its own that the
// upstream must never see.
func nativeClient(httpClient aws.HTTPClient) *bedrockruntime.Client {
	cfg := aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIACLIENTSOWNKEY000", "client-secret", ""),
		RetryMaxAttempts: 1,
	}
	if httpClient != nil {
		cfg.HTTPClient = httpClient
	}
	return bedrockruntime.NewFromConfig(cfg, func(o *bedrockruntime.Options) {
		o.BaseEndpoint = aws.String(gatewayBase + "/bedrock")
	})
}

const passThroughSite = `model claude bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0
		model r1 bedrock/us.deepseek.r1-v1:0`

// TestBedrockPassThroughWithAWSSDK: the AWS SDK's own client works through
// the gateway for all four operations; the upstream sees the gateway's
// signature, never the client's.
func TestBedrockPassThroughWithAWSSDK(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Hello", " native")})
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{JSON: `{"choices":[{"text":"hi","stop_reason":"stop"}]}`,
		Events: []fakebedrock.Event{{Payload: `{"choices":[{"text":"hi","stop_reason":null}]}`}, {Payload: `{"choices":[{"text":"!","stop_reason":"stop"}]}`}}})
	startGateway(t, "llm_gateway {\n"+bedrockBlock(fake)+"\n"+passThroughSite+"\n}")
	client := nativeClient(nil)
	ctx := context.Background()

	out, err := client.Converse(ctx, &bedrockruntime.ConverseInput{
		ModelId:  aws.String("claude"),
		Messages: []types.Message{{Role: types.ConversationRoleUser, Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: "Hi"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if msg, ok := out.Output.(*types.ConverseOutputMemberMessage); !ok || msg.Value.Content[0].(*types.ContentBlockMemberText).Value != "Paris is the capital of France." {
		t.Errorf("Converse output %+v", out.Output)
	}

	stream, err := client.ConverseStream(ctx, &bedrockruntime.ConverseStreamInput{
		ModelId:  aws.String(claudeID), // the upstream model ID of one configured line works too
		Messages: []types.Message{{Role: types.ConversationRoleUser, Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: "Hi"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for ev := range stream.GetStream().Events() {
		if d, ok := ev.(*types.ConverseStreamOutputMemberContentBlockDelta); ok {
			text += d.Value.Delta.(*types.ContentBlockDeltaMemberText).Value
		}
	}
	if err := stream.GetStream().Close(); err != nil || text != "Hello native" {
		t.Errorf("ConverseStream: %q, %v", text, err)
	}

	native := `{"prompt":"<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜>","max_tokens":64}`
	inv, err := client.InvokeModel(ctx, &bedrockruntime.InvokeModelInput{ModelId: aws.String("r1"), Body: []byte(native),
		ContentType: aws.String("application/json"), Accept: aws.String("application/json")})
	if err != nil || !strings.Contains(string(inv.Body), `"text":"hi"`) {
		t.Fatalf("InvokeModel: %v %s", err, inv.Body)
	}
	ist, err := client.InvokeModelWithResponseStream(ctx, &bedrockruntime.InvokeModelWithResponseStreamInput{
		ModelId: aws.String("r1"), Body: []byte(native), ContentType: aws.String("application/json")})
	if err != nil {
		t.Fatal(err)
	}
	chunks := 0
	for ev := range ist.GetStream().Events() {
		if c, ok := ev.(*types.ResponseStreamMemberChunk); ok && strings.Contains(string(c.Value.Bytes), "stop_reason") {
			chunks++
		}
	}
	if err := ist.GetStream().Close(); err != nil || chunks != 2 {
		t.Errorf("InvokeModelWithResponseStream: %d chunks, %v", chunks, err)
	}

	reqs := fake.Requests()
	if len(reqs) != 4 {
		t.Fatalf("upstream saw %d requests", len(reqs))
	}
	for _, r := range reqs {
		if a := r.Header.Get("Authorization"); strings.Contains(a, "AKIACLIENTSOWNKEY000") || !strings.Contains(a, fake.Creds.AccessKeyID) {
			t.Errorf("%s: Authorization %q", r.Operation, a)
		}
	}
	if string(reqs[2].Body) != native || reqs[2].RawPath != "/model/us.deepseek.r1-v1%3A0/invoke" {
		t.Errorf("invoke body %s to %s", reqs[2].Body, reqs[2].RawPath)
	}
}

// TestBedrockPassThroughRefuses: only configured models are reachable;
// anything else is an AWS-shaped error the SDK raises as its typed
// exception, with no upstream call.
func TestBedrockPassThroughRefuses(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{Status: 400, ErrorType: "ValidationException", Message: "messages: blank"})
	startGateway(t, "llm_gateway {\n"+bedrockBlock(fake)+"\n"+passThroughSite+"\n}")
	client := nativeClient(nil)
	for _, model := range []string{"../claude", "gpt-4o", "amazon.nova-pro-v1:0", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/other", "claude/../r1"} {
		_, err := client.InvokeModel(context.Background(), &bedrockruntime.InvokeModelInput{ModelId: aws.String(model), Body: []byte(`{}`)})
		var nf *types.ResourceNotFoundException
		if !errors.As(err, &nf) {
			t.Errorf("%q: %v", model, err)
		}
	}
	for _, path := range []string{"/bedrock/model/claude%2F..%2Fr1/invoke", "/bedrock/model/claude/invoke%2F..", "/bedrock/model/claude/delete"} {
		resp := post(t, path, `{}`)
		if resp.StatusCode != 404 || resp.Header.Get("X-Amzn-Errortype") == "" {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("upstream saw %d requests", n)
	}
	_, err := client.InvokeModel(context.Background(), &bedrockruntime.InvokeModelInput{ModelId: aws.String("claude"), Body: []byte(`{}`)})
	var ve *types.ValidationException
	if !errors.As(err, &ve) || !strings.Contains(ve.ErrorMessage(), "blank") {
		t.Errorf("upstream error: %v", err)
	}
}

// TestBedrockPassThroughOverH2C: aws-sdk-js v3 speaks HTTP/2; on a plain
// http site that takes Caddy's h2c protocol, which the pass-through
// serves like any other.
func TestBedrockPassThroughOverH2C(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{Events: textStream(0, "over", " h2c")})
	startGatewayWithOptions(t, "servers {\n\t\tprotocols h1 h2c\n\t}", "llm_gateway {\n"+bedrockBlock(fake)+"\n"+passThroughSite+"\n}")
	var h2 atomic.Int32
	h2c := &http2.Transport{AllowHTTP: true, DialTLSContext: func(ctx context.Context, network, addr string, _ *tls.Config) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	client := nativeClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := h2c.RoundTrip(r)
		if err == nil && resp.ProtoMajor == 2 {
			h2.Add(1)
		}
		return resp, err
	})})
	stream, err := client.ConverseStream(context.Background(), &bedrockruntime.ConverseStreamInput{
		ModelId:  aws.String("claude"),
		Messages: []types.Message{{Role: types.ConversationRoleUser, Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: "Hi"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range stream.GetStream().Events() {
		n++
	}
	if err := stream.GetStream().Close(); err != nil || n == 0 || h2.Load() != 1 {
		t.Errorf("%d events over h2c (%d HTTP/2 answers): %v", n, h2.Load(), err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestBedrockPassThroughStreamsAndCancels: frames reach the client as the
// upstream sends them, and a client that goes away cancels the upstream.
func TestBedrockPassThroughStreamsAndCancels(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"text":"First words"}}`},
		{Block: true},
	}})
	startGateway(t, "llm_gateway {\n"+bedrockBlock(fake)+"\n"+passThroughSite+"\n}")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, gatewayBase+"/bedrock/model/claude/converse-stream",
		strings.NewReader(`{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}`))
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.amazon.eventstream" || resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
	}
	// Both frames arrive while the upstream still holds the stream open.
	var got []byte
	buf := make([]byte, 4096)
	for !strings.Contains(string(got), "First words") {
		n, err := resp.Body.Read(buf)
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		got = append(got, buf[:n]...)
	}
	cancel()
	resp.Body.Close()
	select {
	case <-fake.Canceled():
	case <-time.After(3 * time.Second):
		t.Fatal("the upstream call was not cancelled")
	}
}
