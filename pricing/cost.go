package pricing

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate"

// Cost is the USD price of the tokens in u. Cache reads and writes are part
// of PromptTokens and are priced at their own rates, falling back to the
// input price where the entry has none, as LiteLLM does; the remaining
// prompt tokens are priced as input and completion tokens as output. It runs
// once per response and allocates nothing.
func (e Entry) Cost(u translate.Usage) float64 {
	read, write := e.InputCostPerToken, e.InputCostPerToken
	if e.present&CacheReadPerToken != 0 {
		read = e.CacheReadInputTokenCost
	}
	if e.present&CacheWritePerToken != 0 {
		write = e.CacheCreationInputTokenCost
	}
	// An upstream that reports more cache tokens than prompt tokens is
	// wrong, but the cache figures are the more specific ones: trust them
	// and price no plain input rather than a negative amount.
	plain := u.PromptTokens - u.CachedTokens - u.CacheWriteTokens
	if plain < 0 {
		plain = 0
	}
	return float64(plain)*e.InputCostPerToken +
		float64(u.CachedTokens)*read +
		float64(u.CacheWriteTokens)*write +
		float64(u.CompletionTokens)*e.OutputCostPerToken
}

// QueryCost is the USD price of a rerank call of n queries, which Bedrock
// bills per query (up to 100 documents each).
func (e Entry) QueryCost(n int) float64 { return float64(n) * e.InputCostPerQuery }

// ImageCost is the USD price of n generated images of width × height pixels:
// the entry's per-image price when it has one, else its per-pixel prices
// times the area. LookupImage finds the entry for a size and quality.
func (e Entry) ImageCost(n, width, height int) float64 {
	if e.present&PerImage != 0 {
		return float64(n) * e.OutputCostPerImage
	}
	return float64(n) * float64(width) * float64(height) * (e.InputCostPerPixel + e.OutputCostPerPixel)
}
