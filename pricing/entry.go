package pricing

// Entry is one model's prices, in USD per unit, under LiteLLM's names. A
// price the file does not give is absent, which is not the same as free:
// Has tells them apart, and the cost methods fall back where LiteLLM does.
type Entry struct {
	// Provider is litellm_provider: "bedrock", "bedrock_converse", "azure",
	// "azure_text", "azure_ai", … It keeps a Bedrock lookup from taking an
	// entry that LiteLLM files under another provider.
	Provider string
	// Mode is LiteLLM's mode: "chat", "completion", "embedding",
	// "image_generation", "rerank", …
	Mode string

	// InputCostPerToken (input_cost_per_token) prices every prompt token
	// that is not a cache read or write; embeddings use it alone.
	InputCostPerToken float64
	// OutputCostPerToken (output_cost_per_token) prices completion tokens.
	OutputCostPerToken float64
	// CacheReadInputTokenCost (cache_read_input_token_cost) prices prompt
	// tokens read from the provider's cache.
	CacheReadInputTokenCost float64
	// CacheCreationInputTokenCost (cache_creation_input_token_cost) prices
	// prompt tokens written to the provider's cache.
	CacheCreationInputTokenCost float64
	// OutputCostPerReasoningToken (output_cost_per_reasoning_token) is kept
	// for callers that count reasoning apart; the providers this gateway
	// calls report reasoning inside completion tokens, so Cost does not use
	// it.
	OutputCostPerReasoningToken float64
	// InputCostPerQuery (input_cost_per_query) prices one rerank query.
	InputCostPerQuery float64
	// OutputCostPerImage (output_cost_per_image) prices one generated image.
	OutputCostPerImage float64
	// InputCostPerPixel and OutputCostPerPixel (input_cost_per_pixel,
	// output_cost_per_pixel) price an image by its area, as LiteLLM does for
	// DALL-E and gpt-image sizes; both count toward the image.
	InputCostPerPixel  float64
	OutputCostPerPixel float64

	present Price
}

// Price names one of an Entry's prices, for Has.
type Price uint16

const (
	InputPerToken Price = 1 << iota
	OutputPerToken
	CacheReadPerToken
	CacheWritePerToken
	ReasoningPerToken
	PerQuery
	PerImage
	InputPerPixel
	OutputPerPixel
)

// Has reports whether the entry gives every price in p.
func (e Entry) Has(p Price) bool { return e.present&p == p }

// PricesTokens reports whether Cost means something for this entry: a model
// whose file entry has neither an input nor an output token price has an
// unknown cost, not a zero one.
func (e Entry) PricesTokens() bool { return e.present&(InputPerToken|OutputPerToken) != 0 }

// PricesImages reports whether ImageCost means something for this entry.
func (e Entry) PricesImages() bool { return e.present&(PerImage|InputPerPixel|OutputPerPixel) != 0 }

// PricesQueries reports whether QueryCost means something for this entry.
func (e Entry) PricesQueries() bool { return e.Has(PerQuery) }

// Overrides are a model line's own prices, in LiteLLM's names; a nil
// pointer keeps the table's.
type Overrides struct {
	InputPerToken  *float64 // input_cost_per_token
	OutputPerToken *float64 // output_cost_per_token
	PerImage       *float64 // output_cost_per_image
	PerQuery       *float64 // input_cost_per_query
}

// WithOverrides returns the entry with a model line's own prices in place
// of the table's. Cache prices the table gives stay; where it gives none,
// cache tokens fall back to the overridden input price, as for any entry.
// A per-image price wins over the table's per-pixel ones, as it does in
// ImageCost. A line whose model the table lacks starts from the zero Entry;
// the zero Overrides change nothing.
func (e Entry) WithOverrides(o Overrides) Entry {
	for _, f := range []struct {
		v     *float64
		dst   *float64
		price Price
	}{
		{o.InputPerToken, &e.InputCostPerToken, InputPerToken},
		{o.OutputPerToken, &e.OutputCostPerToken, OutputPerToken},
		{o.PerImage, &e.OutputCostPerImage, PerImage},
		{o.PerQuery, &e.InputCostPerQuery, PerQuery},
	} {
		if f.v != nil {
			*f.dst = *f.v
			e.present |= f.price
		}
	}
	return e
}
