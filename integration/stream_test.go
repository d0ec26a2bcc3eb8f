package integration

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestClientDisconnectCancelsUpstream: a client that goes away mid-stream
// cancels the Bedrock call at once, and no goroutine is left behind.
func TestClientDisconnectCancelsUpstream(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Events: firstWordsThenBlock})
	startGateway(t, standardSite(t, fake))

	disconnectMidStream(t, "claude", fake.Canceled(), func() int { return len(fake.Requests()) })
}

// disconnectMidStream streams from model until the first words arrive,
// goes away, and checks that the upstream saw the cancellation at once,
// that nothing was retried (upstreamRequests stays 1) and that no
// goroutine is left behind.
func disconnectMidStream(t *testing.T, model string, canceled <-chan struct{}, upstreamRequests func() int) {
	t.Helper()
	// The snapshot is taken before this test makes any connection; every
	// connection it makes is closed below, and VerifyNone waits for their
	// goroutines to finish.
	leakOpts := []goleak.Option{goleak.IgnoreCurrent(), ignoreCaddyBackground}

	leave := holdStream(t, model)
	leave()

	select {
	case <-canceled:
	case <-time.After(3 * time.Second):
		t.Fatal("upstream request was not cancelled after the client went away")
	}
	if n := upstreamRequests(); n != 1 {
		t.Errorf("upstream saw %d requests; a disconnect must not retry", n)
	}
	goleak.VerifyNone(t, leakOpts...)
}

// ignoreCaddyBackground leaves out of leak checks what Caddy starts on
// its own after the first config loads: certmagic keeps the lock file of
// its storage cleaning fresh while that runs.
var ignoreCaddyBackground = goleak.IgnoreAnyFunction("github.com/caddyserver/certmagic.keepLockfileFresh")

// firstWordsThenBlock is a stream that sends "First words", then nothing
// until the client goes away.
var firstWordsThenBlock = []fakebedrock.Event{
	{Type: "messageStart", Payload: `{"role":"assistant"}`},
	{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"text":"First words"}}`},
	{Block: true},
}

// holdStream starts a stream on model and reads it until "First words"
// arrive, so the request holds its place on a deployment until leave is
// called; leave goes away as a client would, closing its connection.
func holdStream(t *testing.T, model string) (leave func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, gatewayBase+"/v1/chat/completions",
		strings.NewReader(`{"model":"`+model+`","stream":true,"messages":[{"role":"user","content":"Tell me a long story"}]}`))
	resp, err := client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	var got string
	for !strings.Contains(got, "First words") {
		n, err := resp.Body.Read(buf)
		if err != nil {
			cancel()
			t.Fatalf("read: %v (got %q)", err, got)
		}
		got += string(buf[:n])
	}
	return func() {
		cancel()
		resp.Body.Close()
		client.CloseIdleConnections()
	}
}

// TestStreamThroughEncode: chunks reach the client as they arrive even with
// Caddy's encode directive compressing the response.
func TestStreamThroughEncode(t *testing.T) {
	fake := fakebedrock.New(t)
	const step = 200 * time.Millisecond
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Events: textStream(step, "one", " two", " three")})
	startGateway(t, "encode gzip\n"+standardSite(t, fake))

	req, _ := http.NewRequest(http.MethodPost, gatewayBase+"/v1/chat/completions",
		strings.NewReader(`{"model":"claude","stream":true,"messages":[{"role":"user","content":"Count"}]}`))
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" || resp.Header.Get("Content-Length") != "" {
		t.Errorf("Content-Type %q, Content-Length %q", ct, resp.Header.Get("Content-Length"))
	}
	var body io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	}
	lines := readSSE(t, context.Background(), body)
	var first, last time.Duration
	for _, l := range lines {
		if strings.Contains(l.text, `"content":"one"`) {
			first = l.at
		}
		last = l.at
	}
	if first == 0 || !strings.HasSuffix(lines[len(lines)-1].text, "[DONE]") {
		t.Fatalf("stream lines: %+v", lines)
	}
	if last-first < step {
		t.Errorf("first chunk at %v, last at %v: chunks were held back", first, last)
	}
}

// TestAzureClientDisconnectCancelsUpstream: the same for Azure's SSE
// relay, from an Azure AI model and from an Azure OpenAI deployment.
func TestAzureClientDisconnectCancelsUpstream(t *testing.T) {
	firstWords := []fakeazure.Chunk{
		{Data: `{"id":"x","object":"chat.completion.chunk","created":1,"model":"Llama","choices":[{"index":0,"delta":{"role":"assistant","content":"First words"},"finish_reason":null}]}`},
		{Block: true},
	}
	for _, alias := range []string{"llama3", "gpt4o"} {
		t.Run(alias, func(t *testing.T) {
			fake := fakeazure.New(t)
			fake.HandleModel("", fakeazure.Reply{Chunks: firstWords})
			fake.HandleDeployment("gpt-4o", fakeazure.Reply{Chunks: firstWords})
			startGateway(t, azureSite(t, fake))
			disconnectMidStream(t, alias, fake.Canceled(), func() int {
				n := 0
				for _, r := range fake.Requests() {
					if r.Kind != fakeazure.KindToken {
						n++
					}
				}
				return n
			})
		})
	}
}
