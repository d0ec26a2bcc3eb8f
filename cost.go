package llmgateway

import (
	"fmt"
	"strings"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/pricing"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Cost is a model line's pricing options, in LiteLLM's names.
type Cost struct {
	// InputCostPerToken and OutputCostPerToken override the price table's
	// prices for the line, in US dollars per token.
	InputCostPerToken  Price `json:"input_cost_per_token,omitzero"`
	OutputCostPerToken Price `json:"output_cost_per_token,omitzero"`
	// OutputCostPerImage overrides the price of one generated image, in
	// US dollars, whatever its size and quality.
	OutputCostPerImage Price `json:"output_cost_per_image,omitzero"`
	// InputCostPerQuery overrides the price of one rerank request, in US
	// dollars.
	InputCostPerQuery Price `json:"input_cost_per_query,omitzero"`
	// BaseModel is the model the price table knows the line by, when its
	// target does not say: an Azure deployment named otherwise than its
	// model, a provisioned model's ARN. Written as the table's key
	// ("azure/gpt-4o", "anthropic.claude-3-5-sonnet-20240620-v1:0").
	BaseModel string `json:"base_model,omitempty"`
}

// priceOptions are the price subdirectives, with the unit an error names.
var priceOptions = map[string]string{
	"input_cost_per_token":  "per token, such as 3e-06",
	"output_cost_per_token": "per token, such as 1.5e-05",
	"output_cost_per_image": "per image, such as 0.04",
	"input_cost_per_query":  "per query, such as 0.002",
}

// parseCost parses one pricing subdirective of a model block; ok is false
// when the token is not one.
func parseCost(d *caddyfile.Dispenser, c *Cost) (ok bool, err error) {
	sub := d.Val()
	if unit, ok := priceOptions[sub]; ok {
		v, err := priceArg(d, sub, unit)
		if err != nil {
			return true, err
		}
		*c.price(sub) = v
		return true, nil
	}
	if sub == "base_model" {
		if !d.AllArgs(&c.BaseModel) {
			return true, d.ArgErr()
		}
		return true, nil
	}
	return false, nil
}

// price is the field of a price subdirective.
func (c *Cost) price(option string) *Price {
	return map[string]*Price{"input_cost_per_token": &c.InputCostPerToken, "output_cost_per_token": &c.OutputCostPerToken,
		"output_cost_per_image": &c.OutputCostPerImage, "input_cost_per_query": &c.InputCostPerQuery}[option]
}

// overrides resolves the line's own prices.
func (c *Cost) overrides(repl *caddy.Replacer) (o pricing.Overrides, err error) {
	for _, f := range []struct {
		option string
		dst    **float64
	}{
		{"input_cost_per_token", &o.InputPerToken}, {"output_cost_per_token", &o.OutputPerToken},
		{"output_cost_per_image", &o.PerImage}, {"input_cost_per_query", &o.PerQuery},
	} {
		if *f.dst, err = c.price(f.option).Resolve(repl); err != nil {
			return o, fmt.Errorf("%s: %v", f.option, err)
		}
	}
	return o, nil
}

// loadPrices reads the price table: the built-in one, with pricing_file
// laid over it.
func (g *Gateway) loadPrices(repl *caddy.Replacer) (*pricing.Table, error) {
	path := repl.ReplaceAll(g.PricingFile, "")
	if path == "" {
		return pricing.Snapshot(), nil
	}
	t, err := pricing.Load(path)
	if err != nil {
		return nil, fmt.Errorf("pricing_file: %v", err)
	}
	return t, nil
}

// priceDeployment finds a deployment's prices: the table's entry for its
// base_model or its upstream, with the line's own prices over it, and for
// an image line the table's prices by size and quality. A line with none
// of them is unpriced, and its cost reported as unknown, never 0.
func priceDeployment(d *deployment, line *modelLine, table *pricing.Table, repl *caddy.Replacer) error {
	o, err := line.overrides(repl)
	if err != nil {
		return err
	}
	var e pricing.Entry // the zero Entry prices nothing
	provider, model, region := "", "", ""
	if p, ok := d.backend.(backend.Pricer); ok {
		provider, model, region = p.PriceKey()
	}
	// The table's prices by image size say what the model is even where
	// the line's own per-image price replaces them.
	var sized pricing.ImagePrices
	if base := repl.ReplaceAll(line.BaseModel, ""); base != "" {
		var found bool
		e, found = table.Entry(base)
		// LiteLLM has no plain key for some image models ("azure/dall-e-3"):
		// their base_model names them by their size-and-quality keys alone.
		sized = imagePrices(d, table, provider, strings.TrimPrefix(base, provider+"/"))
		if !found && sized.Len() == 0 {
			return fmt.Errorf("base_model %q is not in the price table", base)
		}
	} else if provider != "" {
		e, _ = table.Lookup(provider, model, region)
		sized = imagePrices(d, table, provider, model)
	}
	if o.PerImage == nil {
		d.imagePrices = sized
	}
	d.tableMode = e.Mode
	if d.tableMode == "" && sized.Len() > 0 {
		d.tableMode = "image_generation"
	}
	e = e.WithOverrides(o)
	d.price, d.priced = e, e.PricesTokens()
	return nil
}

// imagePrices gathers an image line's prices by size and quality, where
// the table keys its model's images so (Bedrock's Stable Diffusion XL,
// Azure's DALL-E 3 and gpt-image). A line's own per-image price holds for
// every size instead (see priceDeployment).
func imagePrices(d *deployment, table *pricing.Table, provider, model string) pricing.ImagePrices {
	if !d.backend.Serves(backend.Images) {
		return pricing.ImagePrices{}
	}
	switch provider {
	case providerBedrock, providerAzure:
		return table.ImagePrices(provider, model)
	}
	return pricing.ImagePrices{}
}

// costOf prices an answer: its images or rerank queries where it reports
// them, else its tokens. ok is false when the deployment has no price for
// what the answer used.
func (d *deployment) costOf(u translate.Usage, b backend.Billing) (usd float64, ok bool) {
	switch {
	case b.Images > 0:
		// Images the table has no price for by size and quality cost the
		// tokens reported, where the table prices those; gpt-image's
		// input_tokens and output_tokens are not read, so an answer that
		// has only them has no cost rather than one of 0.
		if usd, ok := d.imageCost(b); ok || u.PromptTokens+u.CompletionTokens == 0 || !d.priced {
			return usd, ok
		}
	case b.Queries > 0:
		if !d.price.PricesQueries() {
			return 0, false
		}
		return d.price.QueryCost(b.Queries), true
	case !d.priced:
		return 0, false
	}
	return d.price.Cost(u), true
}

// imageCost prices images at the table's price for their size and
// quality, else at the line's flat per-image price.
func (d *deployment) imageCost(b backend.Billing) (float64, bool) {
	if e, ok := d.imagePrices.For(b.Width, b.Height, b.Quality); ok {
		return e.ImageCost(b.Images, b.Width, b.Height), true
	}
	if !d.price.PricesImages() {
		return 0, false
	}
	return d.price.ImageCost(b.Images, b.Width, b.Height), true
}
