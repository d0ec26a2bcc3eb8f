package llmgateway

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
)

// The benchmarks below run the handler against canned upstreams on
// loopback, so what they measure is the gateway's own work per request:
// reading, parsing, translating, signing, one HTTP round trip, translating
// back and writing.

func benchGateway(b *testing.B, upstream http.Handler) *Gateway {
	b.Helper()
	srv := httptest.NewServer(upstream)
	b.Cleanup(srv.Close)
	g := &Gateway{
		Bedrock: map[string]*bedrock.Account{"b": {Region: "us-east-1", AccessKeyID: "AKIDEXAMPLE",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Endpoint: srv.URL}},
		AzureAI: map[string]*azure.AIAccount{"a": {Endpoint: srv.URL, Credentials: azure.Credentials{APIKey: "k"}}},
		// Caddy's default level: the debug lines a bare test context would
		// print are not part of a production request.
		logger: zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zap.InfoLevel)),
		Models: []*Model{
			{Alias: "claude", Target: "bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0"},
			{Alias: "llama", Target: "azure_ai/Meta-Llama-3-70B-Instruct"},
			{Alias: "llama-invoke", Target: "bedrock/invoke/us.meta.llama3-3-70b-instruct-v1:0"},
			{Alias: "claude-invoke", Target: "bedrock/invoke/us.anthropic.claude-3-7-sonnet-20250219-v1:0"},
			{Alias: "nova-canvas", Target: "bedrock/amazon.nova-canvas-v1:0"},
			{Alias: "rerank", Target: "bedrock/amazon.rerank-v1:0"},
			{Alias: "titan-embed", Target: "bedrock/amazon.titan-embed-text-v2:0"},
			{Alias: "cohere-embed", Target: "bedrock/cohere.embed-english-v3"},
		},
	}
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	b.Cleanup(cancel)
	if err := g.Provision(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = g.Cleanup() })
	return g
}

func benchServe(b *testing.B, g *Gateway, body string) {
	b.Helper()
	benchServeAt(b, g, "/v1/chat/completions", body)
}

// benchServeAt is benchServe for the endpoint at path.
func benchServeAt(b *testing.B, g *Gateway, path, body string) {
	b.Helper()
	next := caddyhttp.HandlerFunc(func(http.ResponseWriter, *http.Request) error { return nil })
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req = req.WithContext(context.WithValue(req.Context(), caddy.ReplacerCtxKey, caddy.NewReplacer()))
		w := httptest.NewRecorder()
		if err := g.ServeHTTP(w, req, next); err != nil || w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body.Bytes())
		}
	}
}

const benchChat = `{"model":"claude","max_tokens":512,"temperature":0.3,"messages":[
	{"role":"system","content":"You are a concise assistant."},
	{"role":"user","content":"What is the capital of France?"},
	{"role":"assistant","content":"Paris."},
	{"role":"user","content":"And of Germany? Answer in one word."}]}`

func BenchmarkServeBedrockChat(b *testing.B) {
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, fakebedrock.ConverseText)
	}))
	benchServe(b, g, benchChat)
}

func BenchmarkServeBedrockStream(b *testing.B) {
	frames := eventStream(fakebedrock.TextStream(0, strings.Fields(strings.Repeat("word ", 50))...))
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		_, _ = w.Write(frames)
	}))
	benchServe(b, g, strings.Replace(benchChat, `"model":"claude",`, `"model":"claude","stream":true,`, 1))
}

// eventStream frames events as Bedrock does; chunk events wrap their
// payload as InvokeModel's {"bytes": base64} does.
func eventStream(events []fakebedrock.Event) []byte {
	var frames bytes.Buffer
	enc := eventstream.NewEncoder()
	for _, ev := range events {
		typ, payload := ev.Type, ev.Payload
		if typ == "" {
			typ, payload = "chunk", `{"bytes":"`+base64.StdEncoding.EncodeToString([]byte(payload))+`"}`
		}
		_ = enc.Encode(&frames, eventstream.Message{Headers: eventstream.Headers{
			{Name: ":message-type", Value: eventstream.StringValue("event")},
			{Name: ":event-type", Value: eventstream.StringValue(typ)},
			{Name: ":content-type", Value: eventstream.StringValue("application/json")},
		}, Payload: []byte(payload)})
	}
	return frames.Bytes()
}

// BenchmarkServeInvokeLlamaChat is a chat through InvokeModel in Llama 3's
// prompt format: the prompt is rendered, the generation mapped back.
func BenchmarkServeInvokeLlamaChat(b *testing.B) {
	answer := fakebedrock.LlamaReply("Berlin.")
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer.JSON)
	}))
	benchServe(b, g, strings.Replace(benchChat, `"model":"claude"`, `"model":"llama-invoke"`, 1))
}

// BenchmarkServeInvokeClaudeStream is 50 words of Claude's Messages stream
// through InvokeModel: base64 chunk events, decoded and transcoded.
func BenchmarkServeInvokeClaudeStream(b *testing.B) {
	frames := eventStream(fakebedrock.ClaudeInvokeStream(strings.Fields(strings.Repeat("word ", 50))...))
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		_, _ = w.Write(frames)
	}))
	benchServe(b, g, strings.Replace(benchChat, `"model":"claude",`, `"model":"claude-invoke","stream":true,`, 1))
}

func BenchmarkServeAzureAIStream(b *testing.B) {
	var sse strings.Builder
	for i := 0; i < 50; i++ {
		sse.WriteString(`data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"Meta-Llama-3-70B-Instruct","choices":[{"index":0,"delta":{"content":"word "},"finish_reason":null}]}` + "\n\n")
	}
	sse.WriteString(`data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"Meta-Llama-3-70B-Instruct","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":50,"total_tokens":70}}` + "\n\ndata: [DONE]\n\n")
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, sse.String())
	}))
	benchServe(b, g, strings.Replace(benchChat, `"model":"claude",`, `"model":"llama","stream":true,"stream_options":{"include_usage":true},`, 1))
}
