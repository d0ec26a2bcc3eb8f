package translate

import (
	"math"
	"strconv"
)

// Usage is the token accounting of one response, in OpenAI's terms. The
// handler also uses it for logs and placeholders.
type Usage struct {
	// PromptTokens counts every input token, cached or not, as OpenAI's
	// prompt_tokens does.
	PromptTokens     int
	CompletionTokens int
	TotalTokens      int
	// CachedTokens were read from the prompt cache (part of PromptTokens).
	CachedTokens int
	// CacheWriteTokens were written to the prompt cache (part of
	// PromptTokens); providers bill them above the plain input price.
	CacheWriteTokens int
}

// usageFromBedrock converts Bedrock's accounting. Bedrock's inputTokens
// counts only the input that was neither read from nor written to the
// cache (as Anthropic's input_tokens does), while OpenAI's prompt_tokens
// counts all input and reports the cache reads inside it as cached_tokens.
// So prompt_tokens is the sum of the three, and total_tokens is recomputed
// so that prompt_tokens + completion_tokens = total_tokens always holds;
// Bedrock's own totalTokens is the same sum when it is consistent.
func usageFromBedrock(u *TokenUsage) Usage {
	if u == nil {
		return Usage{}
	}
	prompt := addCounts(addCounts(u.InputTokens, u.CacheReadInputTokens), u.CacheWriteInputTokens)
	return Usage{
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

// appendUsage appends the usage object. cache_read_input_tokens and
// cache_creation_input_tokens are the names LiteLLM clients read the cache
// figures from; prompt_tokens_details.cached_tokens is OpenAI's.
func appendUsage(dst []byte, u Usage) []byte {
	dst = append(dst, `{"prompt_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.PromptTokens), 10)
	dst = append(dst, `,"completion_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CompletionTokens), 10)
	dst = append(dst, `,"total_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.TotalTokens), 10)
	dst = append(dst, `,"prompt_tokens_details":{"cached_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CachedTokens), 10)
	dst = append(dst, `},"cache_read_input_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CachedTokens), 10)
	dst = append(dst, `,"cache_creation_input_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CacheWriteTokens), 10)
	return append(dst, '}')
}

// finishReason maps a Converse stopReason to an OpenAI finish_reason.
// Unknown reasons become "stop": clients only branch on the known values.
func finishReason(stopReason string) string {
	switch stopReason {
	case "end_turn", "stop_sequence":
		return "stop"
	case "max_tokens", "model_context_window_exceeded":
		return "length"
	case "tool_use":
		return "tool_calls"
	case "guardrail_intervened", "content_filtered":
		return "content_filter"
	}
	return "stop"
}
