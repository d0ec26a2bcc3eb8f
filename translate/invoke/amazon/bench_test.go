package amazon

import (
	"encoding/json"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// titanBenchBody is a text-only conversation: Titan takes no images or
// tools, so translatetest.ChatBody is not one it could serve.
var titanBenchBody = []byte(`{"model":"titan-express","max_tokens":512,"temperature":0.3,"stop":"User:","messages":[
 {"role":"system","content":"You are a careful assistant for an operations team. Answer briefly and never invent numbers."},
 {"role":"user","content":"Which region is failing?"},
 {"role":"assistant","content":"eu-west-1 is degraded with a 12% error rate; us-east-1 is healthy."},
 {"role":"user","content":"What changed in eu-west-1 in the last hour? Keep it short."}]}`)

func BenchmarkChat(b *testing.B) {
	for _, bc := range []struct {
		name string
		f    invoke.Family
		body []byte
	}{
		{"titan", Titan{}, titanBenchBody},
		{"nova", Nova{}, translatetest.ChatBody(b)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			opts := invoke.Options{ModelID: "amazon.nova-pro-v1:0"}
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				req, err := translate.ParseChatRequest(bc.body)
				if err != nil {
					b.Fatal(err.Message)
				}
				if _, _, err := bc.f.Chat(req, &opts); err != nil {
					b.Fatal(err.Message)
				}
			}
		})
	}
}

// BenchmarkChunk is one streamed text chunk, from its event-stream frame
// to its SSE event: the path every token of a stream takes.
func BenchmarkChunk(b *testing.B) {
	for _, bc := range []struct {
		name  string
		f     invoke.Family
		chunk string
	}{
		{"titan", Titan{}, `{"outputText":" the quick brown fox jumps over the lazy dog","index":0,"totalOutputTextTokenCount":12,"completionReason":null,"inputTextTokenCount":null}`},
		{"titan_escaped", Titan{}, `{"outputText":"line one\nline \"two\" é","index":0,"totalOutputTextTokenCount":12,"completionReason":null,"inputTextTokenCount":null}`},
		{"nova", Nova{}, `{"contentBlockDelta":{"delta":{"text":" the quick brown fox jumps over the lazy dog"},"contentBlockIndex":0}}`},
		{"nova_tool_input", Nova{}, `{"contentBlockDelta":{"delta":{"toolUse":{"input":"{\"location\": \"Par"}},"contentBlockIndex":1}}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := invoke.State{Answering: translate.Answering{Alias: "amazon-test"}}
			s := invoke.NewStream(bc.f, &st, testID, testCreated)
			start := translatetest.Event{Chunk: json.RawMessage(`{"contentBlockStart":{"start":{"toolUse":{"toolUseId":"tooluse_x","name":"get_weather"}},"contentBlockIndex":1}}`)}.Frame(translatetest.Padding)
			dst, _ := s.Message(nil, &start)
			msg := translatetest.Event{Chunk: json.RawMessage(bc.chunk)}.Frame(translatetest.Padding)
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.chunk)))
			for b.Loop() {
				var terminal bool
				if dst, terminal = s.Message(dst[:0], &msg); terminal || len(dst) == 0 {
					b.Fatalf("%s", dst)
				}
			}
		})
	}
}
