package llmgateway

import (
	"fmt"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/pricing"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Cost is a model line's pricing options, in LiteLLM's names.
type Cost struct {
	// InputCostPerToken and OutputCostPerToken override the price table's
	// prices for the line, in US dollars per token.
	InputCostPerToken  Price `json:"input_cost_per_token,omitzero"`
	OutputCostPerToken Price `json:"output_cost_per_token,omitzero"`
	// BaseModel is the model the price table knows the line by, when its
	// target does not say: an Azure deployment named otherwise than its
	// model, a provisioned model's ARN. Written as the table's key
	// ("azure/gpt-4o", "anthropic.claude-3-5-sonnet-20240620-v1:0").
	BaseModel string `json:"base_model,omitempty"`
}

// parseCost parses one pricing subdirective of a model block; ok is false
// when the token is not one.
func parseCost(d *caddyfile.Dispenser, c *Cost) (ok bool, err error) {
	switch sub := d.Val(); sub {
	case "input_cost_per_token", "output_cost_per_token":
		v, err := priceArg(d, sub)
		if err != nil {
			return true, err
		}
		*map[string]*Price{"input_cost_per_token": &c.InputCostPerToken, "output_cost_per_token": &c.OutputCostPerToken}[sub] = v
		return true, nil
	case "base_model":
		if !d.AllArgs(&c.BaseModel) {
			return true, d.ArgErr()
		}
		return true, nil
	}
	return false, nil
}

// pricer is implemented by backends whose upstream the price table can
// name: the provider, the model called and the account's region.
type pricer interface {
	priceKey() (provider, model, region string)
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
// base_model or its upstream, with the line's own prices over it. A line
// with neither is unpriced, and its cost reported as unknown, never 0.
func priceDeployment(d *deployment, line *modelLine, table *pricing.Table, repl *caddy.Replacer) error {
	in, err := line.InputCostPerToken.Resolve(repl)
	if err != nil {
		return fmt.Errorf("input_cost_per_token: %v", err)
	}
	out, err := line.OutputCostPerToken.Resolve(repl)
	if err != nil {
		return fmt.Errorf("output_cost_per_token: %v", err)
	}
	var e pricing.Entry
	var found bool
	if base := repl.ReplaceAll(line.BaseModel, ""); base != "" {
		if e, found = table.Entry(base); !found {
			return fmt.Errorf("base_model %q is not in the price table", base)
		}
	} else if p, ok := d.backend.(pricer); ok {
		provider, model, region := p.priceKey()
		e, found = table.Lookup(provider, model, region)
	}
	if in != nil || out != nil {
		e, found = e.WithOverrides(pricing.Overrides{InputPerToken: in, OutputPerToken: out}), true
	}
	d.price, d.priced = e, found && e.PricesTokens()
	return nil
}

// costOf prices the tokens an answer reported; ok is false when the
// deployment has no prices.
func (d *deployment) costOf(u translate.Usage) (usd float64, ok bool) {
	if !d.priced {
		return 0, false
	}
	return d.price.Cost(u), true
}
