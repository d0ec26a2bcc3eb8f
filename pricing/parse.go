package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// sampleSpec is the entry LiteLLM keeps at the top of its file to describe
// the format; its values are prose, not prices.
const sampleSpec = "sample_spec"

// wireEntry holds the fields an Entry reads, by LiteLLM's names, still
// undecoded so that an error can name the field. Every other field (context
// sizes, capabilities, tiered and per-second prices, nested objects) is
// skipped by the decoder, so that LiteLLM can add fields without breaking
// the gateway.
type wireEntry struct {
	Provider                    json.RawMessage `json:"litellm_provider"`
	Mode                        json.RawMessage `json:"mode"`
	InputCostPerToken           json.RawMessage `json:"input_cost_per_token"`
	OutputCostPerToken          json.RawMessage `json:"output_cost_per_token"`
	CacheReadInputTokenCost     json.RawMessage `json:"cache_read_input_token_cost"`
	CacheCreationInputTokenCost json.RawMessage `json:"cache_creation_input_token_cost"`
	OutputCostPerReasoningToken json.RawMessage `json:"output_cost_per_reasoning_token"`
	InputCostPerQuery           json.RawMessage `json:"input_cost_per_query"`
	OutputCostPerImage          json.RawMessage `json:"output_cost_per_image"`
	InputCostPerPixel           json.RawMessage `json:"input_cost_per_pixel"`
	OutputCostPerPixel          json.RawMessage `json:"output_cost_per_pixel"`
}

// priceField is one price of the file and where it goes in an Entry.
type priceField struct {
	name  string
	price Price
	raw   json.RawMessage
	dst   *float64
}

func (w *wireEntry) prices(e *Entry) []priceField {
	return []priceField{
		{"input_cost_per_token", InputPerToken, w.InputCostPerToken, &e.InputCostPerToken},
		{"output_cost_per_token", OutputPerToken, w.OutputCostPerToken, &e.OutputCostPerToken},
		{"cache_read_input_token_cost", CacheReadPerToken, w.CacheReadInputTokenCost, &e.CacheReadInputTokenCost},
		{"cache_creation_input_token_cost", CacheWritePerToken, w.CacheCreationInputTokenCost, &e.CacheCreationInputTokenCost},
		{"output_cost_per_reasoning_token", ReasoningPerToken, w.OutputCostPerReasoningToken, &e.OutputCostPerReasoningToken},
		{"input_cost_per_query", PerQuery, w.InputCostPerQuery, &e.InputCostPerQuery},
		{"output_cost_per_image", PerImage, w.OutputCostPerImage, &e.OutputCostPerImage},
		{"input_cost_per_pixel", InputPerPixel, w.InputCostPerPixel, &e.InputCostPerPixel},
		{"output_cost_per_pixel", OutputPerPixel, w.OutputCostPerPixel, &e.OutputCostPerPixel},
	}
}

// Parse reads a file in LiteLLM's format into a table of its entries alone;
// Load lays a file over the snapshot instead. It runs at provision, not per
// request. An error names the entry and the field it is about.
func Parse(data []byte) (*Table, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("not a JSON object of model entries: %v", err)
	}
	entries := make(map[string]Entry, len(raw))
	for key, value := range raw {
		if key == sampleSpec {
			continue
		}
		e, err := parseEntry(value)
		if err != nil {
			return nil, fmt.Errorf("entry %q: %v", key, err)
		}
		entries[key] = e
	}
	return newTable(entries), nil
}

func parseEntry(value json.RawMessage) (Entry, error) {
	if v := bytes.TrimSpace(value); len(v) == 0 || v[0] != '{' {
		return Entry{}, errors.New("not a JSON object")
	}
	var w wireEntry
	if err := json.Unmarshal(value, &w); err != nil {
		return Entry{}, errors.New("not a JSON object")
	}
	var e Entry
	var err error
	if e.Provider, err = stringField("litellm_provider", w.Provider); err != nil {
		return Entry{}, err
	}
	if e.Mode, err = stringField("mode", w.Mode); err != nil {
		return Entry{}, err
	}
	for _, f := range w.prices(&e) {
		if f.raw == nil || isNull(f.raw) {
			continue
		}
		p, err := parsePrice(f.raw)
		if err != nil {
			return Entry{}, fmt.Errorf("field %q: %v", f.name, err)
		}
		*f.dst = p
		e.present |= f.price
	}
	return e, nil
}

func stringField(name string, v json.RawMessage) (string, error) {
	if v == nil || isNull(v) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("field %q: want a string, got %s", name, clip(v))
	}
	return s, nil
}

// parsePrice takes a JSON number or, as hand-edited files and some LiteLLM
// revisions have it, a number in a string. A price is finite and not
// negative.
func parsePrice(v json.RawMessage) (float64, error) {
	text := v
	if len(v) > 0 && v[0] == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return 0, err
		}
		text = bytes.TrimSpace([]byte(s))
	}
	p, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		return 0, fmt.Errorf("want a number, got %s", clip(v))
	}
	if math.IsNaN(p) || math.IsInf(p, 0) || p < 0 {
		return 0, fmt.Errorf("want a finite price of zero or more, got %s", clip(v))
	}
	return p, nil
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// clip keeps an error readable when the offending value is a large object.
func clip(v json.RawMessage) string {
	const limit = 40
	if len(v) > limit {
		return string(v[:limit]) + "…"
	}
	return string(v)
}
