package anthropic

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// tokens is Anthropic's token accounting. input_tokens counts only the
// input that was neither read from nor written to the cache, while
// OpenAI's prompt_tokens counts all input and reports the cache reads
// inside it as cached_tokens; so prompt_tokens is the sum of the three.
type tokens struct {
	input, output, cacheRead, cacheWrite int
}

// read sets the counts a usage object holds, keeping the others: a
// stream's message_delta reports only what changed. Counts are at most 15
// digits (jsonw.Count), so their sums cannot overflow. ok is false when
// usage is not an object or a count is not a count.
func (t *tokens) read(usage []byte) bool {
	m, ok := jsonw.ObjectMembers(usage)
	if !ok {
		return false
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		var p *int
		switch {
		case jsonw.KeyIs(k, "input_tokens"):
			p = &t.input
		case jsonw.KeyIs(k, "output_tokens"):
			p = &t.output
		case jsonw.KeyIs(k, "cache_read_input_tokens"):
			p = &t.cacheRead
		case jsonw.KeyIs(k, "cache_creation_input_tokens"):
			p = &t.cacheWrite
		default:
			continue
		}
		if jsonw.IsNull(v) {
			continue
		}
		n, ok := jsonw.Count(v)
		if !ok {
			return false
		}
		*p = n
	}
	return true
}

// usage is the accounting in OpenAI's terms.
func (t *tokens) usage() translate.Usage {
	prompt := t.input + t.cacheRead + t.cacheWrite
	return translate.Usage{
		PromptTokens:     prompt,
		CompletionTokens: t.output,
		TotalTokens:      prompt + t.output,
		CachedTokens:     t.cacheRead,
		CacheWriteTokens: t.cacheWrite,
	}
}
