package llama

import (
	"encoding/json"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// BenchmarkChunk transcodes one text chunk of a stream, base64 and all.
func BenchmarkChunk(b *testing.B) {
	st := &invoke.State{Answering: translate.Answering{Alias: "llama3"}}
	s := invoke.NewStream(Family{}, st, familytest.ID, familytest.Created)
	msg := familytest.Frame(familytest.Event{Chunk: json.RawMessage(
		`{"generation":" the quick brown fox jumps over the lazy dog","prompt_token_count":null,"generation_token_count":12,"stop_reason":null}`)})
	dst, _ := s.Message(nil, msg)
	b.SetBytes(int64(len(msg.Payload)))
	b.ReportAllocs()
	for b.Loop() {
		var terminal bool
		if dst, terminal = s.Message(dst[:0], msg); terminal {
			b.Fatalf("%s", dst)
		}
	}
}
