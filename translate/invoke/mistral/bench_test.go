package mistral

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// BenchmarkChat builds the body of the shared benchmark request (system
// prompt, six turns with a tool round trip, two tools, an image, which
// drop_params leaves out) for each body.
func BenchmarkChat(b *testing.B) {
	body := translatetest.ChatBody(b)
	for _, bc := range []struct{ name, model string }{
		{"prompt", mixtral},
		{"chat", large2407},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, err := translate.DecodeChatRequest(body)
			if err != nil {
				b.Fatal(err)
			}
			opts := &invoke.Options{ModelID: bc.model, DropParams: true}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := (family{}).Chat(req, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkChunk transcodes one stream chunk event into its SSE chunk,
// base64 and JSON checks included, as invoke.Stream does for every frame.
func BenchmarkChunk(b *testing.B) {
	for _, bc := range []struct{ name, chunk string }{
		{"prompt_text", `{"outputs":[{"text":" the quick brown fox jumps over the lazy dog","stop_reason":null}]}`},
		{"chat_text", `{"choices":[{"index":0,"message":{"role":"assistant","content":" the quick brown fox jumps over the lazy dog"},"stop_reason":null}]}`},
		{"chat_text_escaped", `{"choices":[{"index":0,"message":{"role":"assistant","content":"line one\nline \"two\" é"},"stop_reason":null}]}`},
		{"delta_text", `{"id":"cmpl-7d1f","object":"chat.completion.chunk","created":1722434400,"model":"mistral-large-2407","choices":[{"index":0,"delta":{"content":" the quick brown fox"},"finish_reason":null}]}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := &invoke.State{Answering: translate.Answering{Alias: "mistral-large"}, Family: &state{}}
			s := invoke.NewStream(family{}, st, testID, testCreated)
			msg := translatetest.ChunkFrame([]byte(bc.chunk), translatetest.Padding)
			dst, _ := s.Message(nil, &msg) // the first chunk carries the role
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
}
