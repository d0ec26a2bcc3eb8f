package pricing

import (
	"math"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func ptr(f float64) *float64 { return &f }

// near compares USD amounts, which are sums of products of small binary
// fractions and so differ from the decimal expectation in the last bits.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestCost(t *testing.T) {
	claude := Entry{
		InputCostPerToken: 3e-06, OutputCostPerToken: 1.5e-05,
		CacheReadInputTokenCost: 3e-07, CacheCreationInputTokenCost: 3.75e-06,
		present: InputPerToken | OutputPerToken | CacheReadPerToken | CacheWritePerToken,
	}
	noCache := Entry{InputCostPerToken: 2.5e-06, OutputCostPerToken: 1e-05, present: InputPerToken | OutputPerToken}
	freeReads := Entry{InputCostPerToken: 1e-06, CacheReadInputTokenCost: 0, present: InputPerToken | CacheReadPerToken}
	for i, tc := range []struct {
		name  string
		entry Entry
		usage translate.Usage
		want  float64
	}{
		{"plain", claude, translate.Usage{PromptTokens: 1000, CompletionTokens: 500}, 1000*3e-06 + 500*1.5e-05},
		{"cache read and write", claude,
			translate.Usage{PromptTokens: 10000, CachedTokens: 6000, CacheWriteTokens: 3000, CompletionTokens: 200},
			1000*3e-06 + 6000*3e-07 + 3000*3.75e-06 + 200*1.5e-05},
		{"cache prices absent fall back to input", noCache,
			translate.Usage{PromptTokens: 1000, CachedTokens: 400, CacheWriteTokens: 100, CompletionTokens: 10},
			1000*2.5e-06 + 10*1e-05},
		{"a cache price of zero is a price", freeReads,
			translate.Usage{PromptTokens: 100, CachedTokens: 100}, 0},
		{"more cache tokens than prompt tokens prices no plain input", claude,
			translate.Usage{PromptTokens: 10, CachedTokens: 20}, 20 * 3e-07},
		{"embedding", Entry{InputCostPerToken: 2e-08, present: InputPerToken},
			translate.Usage{PromptTokens: 1_000_000}, 0.02},
		{"nothing used", claude, translate.Usage{}, 0},
	} {
		if got := tc.entry.Cost(tc.usage); !near(got, tc.want) {
			t.Errorf("%d %s: Cost = %.12g, want %.12g", i, tc.name, got, tc.want)
		}
	}
}

func TestWithOverrides(t *testing.T) {
	base := Entry{InputCostPerToken: 3e-06, OutputCostPerToken: 1.5e-05, CacheReadInputTokenCost: 3e-07,
		present: InputPerToken | OutputPerToken | CacheReadPerToken}
	u := translate.Usage{PromptTokens: 1000, CachedTokens: 500, CacheWriteTokens: 100, CompletionTokens: 100}
	for i, tc := range []struct {
		name    string
		entry   Entry
		in, out *float64
		want    float64
	}{
		{"none keeps the table's", base, nil, nil, 400*3e-06 + 500*3e-07 + 100*3e-06 + 100*1.5e-05},
		{"input only; the table's cache read stays, the write follows input", base, ptr(1e-06), nil,
			400*1e-06 + 500*3e-07 + 100*1e-06 + 100*1.5e-05},
		{"output only", base, nil, ptr(2e-05), 400*3e-06 + 500*3e-07 + 100*3e-06 + 100*2e-05},
		{"a model the table lacks", Entry{}, ptr(1e-06), ptr(2e-06), 1000*1e-06 + 100*2e-06},
		{"zero is a price", base, ptr(0), ptr(0), 500 * 3e-07},
	} {
		e := tc.entry.WithOverrides(Overrides{InputPerToken: tc.in, OutputPerToken: tc.out})
		if !e.PricesTokens() {
			t.Errorf("%d %s: PricesTokens false", i, tc.name)
		}
		if got := e.Cost(u); !near(got, tc.want) {
			t.Errorf("%d %s: Cost = %.12g, want %.12g", i, tc.name, got, tc.want)
		}
	}
	if (Entry{}).PricesTokens() {
		t.Error("zero Entry prices tokens")
	}
}

func TestQueryAndImageCost(t *testing.T) {
	rerank := Entry{InputCostPerQuery: 0.002, present: PerQuery}
	if got := rerank.QueryCost(3); !near(got, 0.006) || !rerank.PricesQueries() {
		t.Errorf("QueryCost(3) = %g", got)
	}
	perImage := Entry{OutputCostPerImage: 0.04, InputCostPerPixel: 1, present: PerImage | InputPerPixel}
	if got := perImage.ImageCost(2, 1024, 1024); !near(got, 0.08) {
		t.Errorf("per-image ImageCost = %g, want 0.08 (a per-image price wins over pixels)", got)
	}
	perPixel := Entry{InputCostPerPixel: 3.81469e-08, present: InputPerPixel | OutputPerPixel}
	if got := perPixel.ImageCost(1, 1024, 1024); math.Abs(got-0.04) > 1e-6 || !perPixel.PricesImages() {
		t.Errorf("per-pixel ImageCost = %g, want about 0.04", got)
	}
	if (Entry{InputCostPerToken: 1, present: InputPerToken}).PricesImages() {
		t.Error("a token-only entry prices images")
	}
}

func TestCostDoesNotAllocate(t *testing.T) {
	e, _ := Snapshot().Lookup("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us-east-1")
	u := translate.Usage{PromptTokens: 12000, CachedTokens: 8000, CacheWriteTokens: 2000, CompletionTokens: 900}
	if n := testing.AllocsPerRun(100, func() { _ = e.Cost(u) }); n != 0 {
		t.Errorf("Cost allocates %v times", n)
	}
}

var sink float64

func BenchmarkCost(b *testing.B) {
	e, _ := Snapshot().Lookup("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us-east-1")
	u := translate.Usage{PromptTokens: 12000, CachedTokens: 8000, CacheWriteTokens: 2000, CompletionTokens: 900}
	b.ReportAllocs()
	for b.Loop() {
		sink += e.Cost(u)
	}
}
