package translate

import "strconv"

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
	// ReasoningTokens were spent thinking (part of CompletionTokens), where
	// the upstream counts them apart.
	ReasoningTokens int
}

// AppendUsage appends the usage object. cache_read_input_tokens and
// cache_creation_input_tokens are the names LiteLLM clients read the cache
// figures from; prompt_tokens_details.cached_tokens is OpenAI's.
func AppendUsage(dst []byte, u Usage) []byte {
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
