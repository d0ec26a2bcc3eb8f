package pricing

import (
	"bytes"
	"fmt"
	"testing"
)

// largeFile builds a file of LiteLLM's shape and more than its size (1.6 MB
// and some 2,500 entries when the snapshot was taken), with the nested
// objects, arrays, prose, booleans, nulls and numbers-in-strings its entries
// carry around the prices.
func largeFile(entries int) []byte {
	var b bytes.Buffer
	b.WriteString("{\n    \"sample_spec\": {\"max_tokens\": \"LEGACY parameter\", \"mode\": \"one of: chat, embedding\"}")
	for i := range entries {
		fmt.Fprintf(&b, `,
    "provider%d/model-%d-v1:0": {
        "cache_creation_input_token_cost": %g,
        "cache_read_input_token_cost": "%g",
        "input_cost_per_token": %g,
        "litellm_provider": "provider%d",
        "max_input_tokens": 200000,
        "max_tokens": 8192,
        "metadata": {"notes": "entry %d of a generated file"},
        "mode": "chat",
        "output_cost_per_reasoning_token": null,
        "output_cost_per_token": %g,
        "search_context_cost_per_query": {"search_context_size_high": 0.01, "search_context_size_low": 0.01},
        "source": "https://example.com/pricing/%d",
        "supported_endpoints": ["/v1/chat/completions", "/v1/responses"],
        "supports_function_calling": true,
        "supports_prompt_caching": true,
        "supports_vision": false,
        "tiered_pricing": [
            {"input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06, "range": [0, 32000.0]}
        ]
    }`, i%50, i, float64(i)*1.25e-09, float64(i)*1e-10, float64(i)*1e-09, i%50, i, float64(i)*5e-09, i)
	}
	b.WriteString("\n}\n")
	return b.Bytes()
}

func TestParseLargeFile(t *testing.T) {
	const n = 3000
	data := largeFile(n)
	if len(data) < 1<<20 {
		t.Fatalf("fixture is %d bytes, want LiteLLM's size (over 1 MB)", len(data))
	}
	table, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if table.Len() != n {
		t.Errorf("Len = %d, want %d", table.Len(), n)
	}
	e, ok := table.Entry("provider7/model-2007-v1:0")
	if !ok || !near(e.InputCostPerToken, 2007e-09) || !near(e.CacheReadInputTokenCost, 2007e-10) ||
		!near(e.OutputCostPerToken, 2007*5e-09) || e.Has(ReasoningPerToken) || e.Provider != "provider7" {
		t.Errorf("entry 2007 = %+v, %v", e, ok)
	}
}

func BenchmarkParseLargeFile(b *testing.B) {
	data := largeFile(3000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
