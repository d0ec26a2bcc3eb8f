package bedrockruntime

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Usage reads the token counts of a Bedrock usage object, raw JSON:
// ConverseStream's metadata.usage and Nova's usage (inputTokens,
// outputTokens, cacheReadInputTokens, cacheWriteInputTokens), or the
// amazon-bedrock-invocationMetrics of an InvokeModel stream and Nova's
// own answers, which end the same names in Count (inputTokenCount, ...).
// Bedrock's input count leaves out the input read from or written to the
// prompt cache, while OpenAI's prompt_tokens counts all input and reports
// the cache reads inside it as cached_tokens: so prompt_tokens is the sum
// of the three. totalTokens is not read: the sum of the parts is.
//
// A null count is no count. ok is false when raw is not an object or a
// count is not one; a count is at most 15 digits (jsonw.Count), so the
// sums cannot overflow.
func Usage(raw []byte) (u translate.Usage, ok bool) {
	m, ok := jsonw.ObjectMembers(raw)
	if !ok {
		return translate.Usage{}, false
	}
	var in int
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		var p *int
		switch {
		case jsonw.KeyIs(k, "inputTokens"), jsonw.KeyIs(k, "inputTokenCount"):
			p = &in
		case jsonw.KeyIs(k, "outputTokens"), jsonw.KeyIs(k, "outputTokenCount"):
			p = &u.CompletionTokens
		case jsonw.KeyIs(k, "cacheReadInputTokens"), jsonw.KeyIs(k, "cacheReadInputTokenCount"):
			p = &u.CachedTokens
		case jsonw.KeyIs(k, "cacheWriteInputTokens"), jsonw.KeyIs(k, "cacheWriteInputTokenCount"):
			p = &u.CacheWriteTokens
		default:
			continue
		}
		if jsonw.IsNull(v) {
			continue
		}
		if *p, ok = jsonw.Count(v); !ok {
			return translate.Usage{}, false
		}
	}
	u.PromptTokens = in + u.CachedTokens + u.CacheWriteTokens
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	return u, true
}
