package llama

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// BenchmarkChunk transcodes one text chunk of a stream.
func BenchmarkChunk(b *testing.B) {
	familytest.BenchChunk(b, Family{}, invoke.State{Answering: translate.Answering{Alias: "llama3"}},
		`{"generation":" the quick brown fox jumps over the lazy dog","prompt_token_count":null,"generation_token_count":12,"stop_reason":null}`)
}
