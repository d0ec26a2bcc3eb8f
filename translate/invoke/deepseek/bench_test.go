package deepseek

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// benchChat is a text turn: a system prompt and four turns.
var benchChat = []byte(`{
  "model": "deepseek-r1",
  "stream": true,
  "max_tokens": 4096,
  "temperature": 0.6,
  "top_p": 0.95,
  "messages": [
    {"role": "system", "content": "You are a careful analyst. Show the figures you rely on and never invent numbers."},
    {"role": "user", "content": "Our error rate in eu-west-1 rose from 0.1% to 12% at 09:40 UTC, two minutes after a deployment of the checkout service."},
    {"role": "assistant", "content": "Roll the deployment back in eu-west-1 first and watch the error rate for five minutes."},
    {"role": "user", "content": "It fell to 0.1%. What should the incident report say caused it? Keep it short."}
  ]
}`)

// BenchmarkChat builds the body of a decoded request.
func BenchmarkChat(b *testing.B) {
	req, err := translate.DecodeChatRequest(benchChat)
	if err != nil {
		b.Fatal(err)
	}
	opts := &invoke.Options{ModelID: r1}
	b.SetBytes(int64(len(benchChat)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := (Family{}).Chat(req, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChunk transcodes one chunk of a stream: in the reasoning,
// through the <think> splitter, and in a text completion.
func BenchmarkChunk(b *testing.B) {
	const chunk = `{"choices":[{"text":" so the quick brown fox jumps over the lazy dog","stop_reason":null}]}`
	b.Run("reasoning", func(b *testing.B) { familytest.BenchChunk(b, Family{}, chat(true), chunk) })
	b.Run("text_completion", func(b *testing.B) { familytest.BenchChunk(b, Family{}, textCompletion, chunk) })
}
