package pricing

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// FuzzParse feeds Parse arbitrary files: it must not panic, and a table it
// accepts holds only finite prices of zero or more that look up and cost
// without trouble.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.json", "testdata/malformed/*.json"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add(snapshotJSON)
	f.Add([]byte(`{"m": {"input_cost_per_token": "1e-06", "mode": null, "x": [{"y": {}}]}}`))
	f.Add([]byte(`{"m": {}, "n": {"output_cost_per_image": 0}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		table, err := Parse(data)
		if err != nil {
			return
		}
		u := translate.Usage{PromptTokens: 100, CachedTokens: 10, CacheWriteTokens: 10, CompletionTokens: 10}
		for key, e := range table.entries {
			for _, p := range []float64{e.InputCostPerToken, e.OutputCostPerToken, e.CacheReadInputTokenCost,
				e.CacheCreationInputTokenCost, e.OutputCostPerReasoningToken, e.InputCostPerQuery,
				e.OutputCostPerImage, e.InputCostPerPixel, e.OutputCostPerPixel} {
				if p < 0 || math.IsNaN(p) || math.IsInf(p, 0) {
					t.Fatalf("entry %q: price %g", key, p)
				}
			}
			if c := e.Cost(u); c < 0 || math.IsNaN(c) {
				t.Fatalf("entry %q: cost %g", key, c)
			}
			for _, provider := range []string{"bedrock", "azure", "azure_ai"} {
				table.Lookup(provider, key, "us-east-1")
				table.LookupImage(provider, key, "", "1024x1024", "standard")
			}
		}
	})
}
