package converse

import (
	"math"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// usageFromBedrock converts Bedrock's accounting. Bedrock's inputTokens
// counts only the input that was neither read from nor written to the
// cache (as Anthropic's input_tokens does), while OpenAI's prompt_tokens
// counts all input and reports the cache reads inside it as cached_tokens.
// So prompt_tokens is the sum of the three, and total_tokens is recomputed
// so that prompt_tokens + completion_tokens = total_tokens always holds;
// Bedrock's own totalTokens is the same sum when it is consistent.
func usageFromBedrock(u *TokenUsage) translate.Usage {
	if u == nil {
		return translate.Usage{}
	}
	prompt := addCounts(addCounts(u.InputTokens, u.CacheReadInputTokens), u.CacheWriteInputTokens)
	return translate.Usage{
		PromptTokens:     prompt,
		CompletionTokens: u.OutputTokens,
		TotalTokens:      addCounts(prompt, u.OutputTokens),
		CachedTokens:     u.CacheReadInputTokens,
		CacheWriteTokens: u.CacheWriteInputTokens,
	}
}

// addCounts adds token counts without overflowing: a non-stream reply's
// counts are decoded by encoding/json, so a broken upstream could send any
// number an int holds, and a sum must not wrap around to a negative.
func addCounts(a, b int) int {
	s := a + b
	switch {
	case b > 0 && s < a:
		return math.MaxInt
	case b < 0 && s > a:
		return math.MinInt
	}
	return s
}
