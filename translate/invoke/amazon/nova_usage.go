package amazon

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// novaUsage reads Nova's token counts: {"inputTokens","outputTokens",
// "totalTokens"} and the prompt cache's. Nova's own answers name those
// cacheReadInputTokenCount and cacheWriteInputTokenCount, Converse's
// cacheReadInputTokens and cacheWriteInputTokens; either is read. As for
// Converse, inputTokens counts neither cache reads nor writes, so
// prompt_tokens is the sum of the three. A count is at most 15 digits
// (jsonw.Count), so the sum cannot overflow.
func novaUsage(raw []byte) (translate.Usage, bool) {
	m, ok := jsonw.ObjectMembers(raw)
	if !ok {
		return translate.Usage{}, false
	}
	var in, out, read, write int
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		var n *int
		switch {
		case jsonw.KeyIs(k, "inputTokens"):
			n = &in
		case jsonw.KeyIs(k, "outputTokens"):
			n = &out
		case jsonw.KeyIs(k, "cacheReadInputTokenCount"), jsonw.KeyIs(k, "cacheReadInputTokens"):
			n = &read
		case jsonw.KeyIs(k, "cacheWriteInputTokenCount"), jsonw.KeyIs(k, "cacheWriteInputTokens"):
			n = &write
		default:
			continue
		}
		if jsonw.IsNull(v) {
			continue
		}
		if *n, ok = jsonw.Count(v); !ok {
			return translate.Usage{}, false
		}
	}
	return translate.Usage{PromptTokens: in + read + write, CompletionTokens: out, CachedTokens: read, CacheWriteTokens: write}, true
}
