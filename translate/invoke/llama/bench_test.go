package llama

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// benchChat is a text agent turn: a system prompt and six turns.
var benchChat = []byte(`{
  "model": "llama3",
  "stream": true,
  "stream_options": {"include_usage": true},
  "max_tokens": 1024,
  "temperature": 0.3,
  "top_p": 0.9,
  "messages": [
    {"role": "system", "content": "You are a careful assistant for an operations team. Answer briefly, say which data you used, and never invent numbers."},
    {"role": "user", "content": "Our dashboard shows eu-west-1 at a 12% error rate since 09:40 UTC. What should we look at first?"},
    {"role": "assistant", "content": "Start with what changed at 09:40: deployments, configuration pushes and upstream dependencies in eu-west-1. A 12% error rate that starts at one minute usually has a single cause."},
    {"role": "user", "content": "There was a deployment of the checkout service at 09:38."},
    {"role": "assistant", "content": "Then roll it back in eu-west-1 first and watch the error rate for five minutes; if it falls, compare the two builds' configuration."},
    {"role": "user", "content": "It fell to 0.1%. What do we write in the incident report? Keep it short."}
  ]
}`)

// BenchmarkChat builds the body of a decoded request, as
// converse.BenchmarkRequest does.
func BenchmarkChat(b *testing.B) {
	for _, bc := range []struct{ name, model string }{{"llama3", llama31_70b}, {"llama2", llama2_13b}} {
		b.Run(bc.name, func(b *testing.B) {
			req, err := translate.DecodeChatRequest(benchChat)
			if err != nil {
				b.Fatal(err)
			}
			opts := &invoke.Options{ModelID: bc.model}
			b.SetBytes(int64(len(benchChat)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := (Family{}).Chat(req, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
