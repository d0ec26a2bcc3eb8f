package ai21

import (
	"encoding/json"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// BenchmarkChat builds the body of the shared benchmark request: an
// agent turn with a system prompt, a tool round trip and a 24 KiB image,
// which drop_params leaves out (neither family reads images).
func BenchmarkChat(b *testing.B) {
	body := translatetest.ChatBody(b)
	for _, bc := range []struct {
		name   string
		family invoke.Family
		model  string
	}{
		{"jamba", Jamba{}, jambaLarge},
		{"j2", J2{}, j2Ultra},
	} {
		b.Run(bc.name, func(b *testing.B) {
			opts := &invoke.Options{ModelID: bc.model, DropParams: true}
			req, err := translate.ParseChatRequest(body)
			if err != nil {
				b.Fatal(err)
			}
			req.Stream = false // Jurassic-2 cannot stream
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := bc.family.Chat(req, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkChunk transcodes one chunk frame: a text delta is every
// stream's hot path and must not allocate.
func BenchmarkChunk(b *testing.B) {
	for _, bc := range []struct {
		name   string
		family invoke.Family
		st     invoke.State
		start  string // a chunk before the measured one
		chunk  string
	}{
		{"jamba_text", Jamba{}, invoke.State{Answering: translate.Answering{Alias: "jamba"}},
			`{"id":"c","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}],"usage":null}`,
			`{"id":"chatcmpl-8ddd31f6-9f35-4b6c-a1c3-bb5f5b2ae6fd","choices":[{"index":0,"delta":{"content":" the quick brown fox jumps over the lazy dog"},"finish_reason":null}],"usage":null}`},
		{"jamba_text_escaped", Jamba{}, invoke.State{Answering: translate.Answering{Alias: "jamba"}},
			`{"id":"c","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}],"usage":null}`,
			`{"id":"chatcmpl-8ddd31f6","choices":[{"index":0,"delta":{"content":"line one\nline \"two\" é"},"finish_reason":null}],"usage":null}`},
		{"jamba_tool_args", Jamba{}, invoke.State{Answering: translate.Answering{Alias: "jamba"}},
			`{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}`,
			`{"id":"chatcmpl-8ddd31f6","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": \"Par"}}]},"finish_reason":null}],"usage":null}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := bc.st
			s := invoke.NewStream(bc.family, &st, testID, testCreated)
			start := translatetest.Event{Chunk: json.RawMessage(bc.start)}.Frame("")
			dst, _ := s.Message(nil, &start)
			msg := translatetest.Event{Chunk: json.RawMessage(bc.chunk)}.Frame("")
			b.SetBytes(int64(len(msg.Payload)))
			b.ReportAllocs()
			for b.Loop() {
				var terminal bool
				if dst, terminal = s.Message(dst[:0], &msg); terminal {
					b.Fatalf("%s", dst)
				}
			}
		})
	}
	// A Jurassic-2 answer replayed as one chunk: a new stream each time,
	// as each answer is one chunk.
	b.Run("j2_answer", func(b *testing.B) {
		msg := loadEvents(b, "j2_replay")[0].Frame("")
		b.SetBytes(int64(len(msg.Payload)))
		b.ReportAllocs()
		var dst []byte
		for b.Loop() {
			st := invoke.State{Answering: translate.Answering{Alias: "j2"}, Family: &j2State{chat: true}}
			s := invoke.NewStream(J2{}, &st, testID, testCreated)
			dst, _ = s.Message(dst[:0], &msg)
		}
	})
}
