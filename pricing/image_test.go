package pricing

import "testing"

// TestImagePrices: a model's size-and-quality entries are found once, by
// the model as given or under a cross-region profile, and priced per
// image without allocating; a file laid over the snapshot replaces them.
// An Azure deployment named otherwise than its model finds none: its
// base_model names the model.
func TestImagePrices(t *testing.T) {
	file, err := Parse([]byte(`{
		"1024-x-1024/50-steps/stability.stable-diffusion-xl-v1": {"litellm_provider": "bedrock", "output_cost_per_image": 0.05},
		"1024-x-1024/max-steps/Stability.Stable-Diffusion-XL-v1": {"litellm_provider": "bedrock", "output_cost_per_image": 0.5},
		"768-x-768/50-steps/stability.stable-diffusion-xl-v1": {"output_cost_per_image": 0.03},
		"768-x-768/50-steps/mine.sdxl": {"litellm_provider": "openai", "output_cost_per_image": 9},
		"azure/standard/1024-x-1024/dall-e-3": {"litellm_provider": "azure", "mode": "image_generation", "input_cost_per_pixel": 5e-08},
		"azure/standard/512-x-512/my-dalle": {"litellm_provider": "azure", "output_cost_per_image": 0.01},
		"azure/standard/512-x-512/other-dalle": {"litellm_provider": "openai", "output_cost_per_image": 0.01}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	overlaid := Snapshot().Overlay(file)
	for i, tc := range []struct {
		name              string
		table             *Table
		provider, modelID string
		w, h              int
		quality           string
		want              float64 // per image; zero: not found
	}{
		{"SDXL 1.0, 50 steps", Snapshot(), "bedrock", "stability.stable-diffusion-xl-v1", 1024, 1024, "50-steps", 0.04},
		{"SDXL 1.0, more steps", Snapshot(), "bedrock", "stability.stable-diffusion-xl-v1", 1024, 1024, "max-steps", 0.08},
		{"SDXL 1.0, a size LiteLLM does not price", Snapshot(), "bedrock", "stability.stable-diffusion-xl-v1", 1152, 896, "50-steps", 0},
		{"SDXL 0.8", Snapshot(), "bedrock", "stability.stable-diffusion-xl-v0", 512, 512, "max-steps", 0.036},
		{"Nova Canvas under bedrock/", Snapshot(), "bedrock", "amazon.nova-canvas-v1:0", 1024, 1024, "50-steps", 0.06},
		{"Nova Canvas by profile ARN", Snapshot(), "bedrock",
			"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-canvas-v1:0", 1024, 1024, "50-steps", 0.06},
		{"a flat price is no variant", Snapshot(), "bedrock", "stability.sd3-large-v1:0", 1024, 1024, "50-steps", 0},
		// Azure's per-pixel prices, as LiteLLM has them.
		{"DALL-E 3 standard", Snapshot(), "azure", "dall-e-3", 1024, 1024, "standard", 3.81469e-08 * 1024 * 1024},
		{"DALL-E 3 standard, tall", Snapshot(), "azure", "dall-e-3", 1024, 1792, "standard", 4.359e-08 * 1024 * 1792},
		{"DALL-E 3 standard, wide", Snapshot(), "azure", "dall-e-3", 1792, 1024, "standard", 4.359e-08 * 1792 * 1024},
		{"DALL-E 3 hd", Snapshot(), "azure", "dall-e-3", 1024, 1024, "hd", 7.629e-08 * 1024 * 1024},
		{"DALL-E 3 hd, tall", Snapshot(), "azure", "dall-e-3", 1024, 1792, "hd", 6.539e-08 * 1024 * 1792},
		{"DALL-E 3 hd, wide", Snapshot(), "azure", "dall-e-3", 1792, 1024, "hd", 6.539e-08 * 1792 * 1024},
		{"DALL-E 3, quality in another case", Snapshot(), "azure", "dall-e-3", 1024, 1024, "HD", 7.629e-08 * 1024 * 1024},
		{"DALL-E 3 at a size it does not make", Snapshot(), "azure", "dall-e-3", 512, 512, "standard", 0},
		{"DALL-E 3 at a gpt-image quality", Snapshot(), "azure", "dall-e-3", 1024, 1024, "medium", 0},
		{"gpt-image-1 low", Snapshot(), "azure", "gpt-image-1", 1024, 1024, "low", 1.0490417e-08 * 1024 * 1024},
		{"gpt-image-1 medium, wide", Snapshot(), "azure", "gpt-image-1", 1536, 1024, "medium", 4.0054321e-08 * 1536 * 1024},
		{"gpt-image-1 high, tall", Snapshot(), "azure", "gpt-image-1", 1024, 1536, "high", 1.58945719e-07 * 1024 * 1536},
		{"gpt-image-1 at auto quality", Snapshot(), "azure", "gpt-image-1", 1024, 1024, "auto", 0},
		{"gpt-image-1-mini medium, wide", Snapshot(), "azure", "gpt-image-1-mini", 1536, 1024, "medium", 7.9752604167e-09 * 1536 * 1024},
		{"an Azure deployment's own name", Snapshot(), "azure", "my-dalle-deployment", 1024, 1024, "standard", 0},
		{"the file wins on Azure", overlaid, "azure", "dall-e-3", 1024, 1024, "standard", 5e-08 * 1024 * 1024},
		{"the file keeps the rest", overlaid, "azure", "dall-e-3", 1024, 1024, "hd", 7.629e-08 * 1024 * 1024},
		{"the file's own Azure model, per image", overlaid, "azure", "my-dalle", 512, 512, "standard", 0.01},
		{"another provider's Azure key does not count", overlaid, "azure", "other-dalle", 512, 512, "standard", 0},
		{"the file wins", overlaid, "bedrock", "stability.stable-diffusion-xl-v1", 1024, 1024, "50-steps", 0.05},
		{"the file adds a size", overlaid, "bedrock", "stability.stable-diffusion-xl-v1", 768, 768, "50-steps", 0.03},
		{"an exact key wins over one in another case", overlaid, "bedrock", "stability.stable-diffusion-xl-v1", 1024, 1024, "max-steps", 0.08},
		{"another provider's key does not count", overlaid, "bedrock", "mine.sdxl", 768, 768, "50-steps", 0},
		{"an application profile names no model", Snapshot(), "bedrock",
			"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc", 1024, 1024, "50-steps", 0},
	} {
		p := tc.table.ImagePrices(tc.provider, tc.modelID)
		e, ok := p.For(tc.w, tc.h, tc.quality)
		if ok != (tc.want != 0) {
			t.Errorf("%d %s: found %v (%+v)", i, tc.name, ok, e)
			continue
		}
		if got := e.ImageCost(1, tc.w, tc.h); ok && !near(got, tc.want) {
			t.Errorf("%d %s: ImageCost = %g, want %g", i, tc.name, got, tc.want)
		}
	}
	// Every size and quality LiteLLM prices Azure's image models at.
	for model, want := range map[string]int{"dall-e-3": 6, "gpt-image-1": 9, "gpt-image-1-mini": 9} {
		if n := Snapshot().ImagePrices("azure", model).Len(); n != want {
			t.Errorf("%s: %d sizes and qualities, want %d", model, n, want)
		}
	}
	p := Snapshot().ImagePrices("bedrock", "stability.stable-diffusion-xl-v1")
	if n := testing.AllocsPerRun(100, func() { _, _ = p.For(1024, 1024, "max-steps") }); n != 0 {
		t.Errorf("For allocates %v times", n)
	}
}

func TestOverridesOfImagesAndQueries(t *testing.T) {
	perPixel := Entry{InputCostPerPixel: 1e-08, present: InputPerPixel}
	e := perPixel.WithOverrides(Overrides{PerImage: ptr(0.05)})
	if got := e.ImageCost(2, 1024, 1024); !near(got, 0.1) || !e.PricesImages() {
		t.Errorf("an output_cost_per_image override: ImageCost = %g, want 0.1", got)
	}
	rerank, _ := Snapshot().Lookup("bedrock", "cohere.rerank-v3-5:0", "")
	if got := rerank.WithOverrides(Overrides{PerQuery: ptr(0.01)}).QueryCost(1); !near(got, 0.01) {
		t.Errorf("an input_cost_per_query override: QueryCost = %g, want 0.01", got)
	}
	if got := rerank.WithOverrides(Overrides{InputPerToken: ptr(1)}).QueryCost(1); !near(got, 0.002) {
		t.Errorf("a token override changed the query price: %g", got)
	}
	if e := rerank.WithOverrides(Overrides{}); e != rerank {
		t.Errorf("the zero Overrides changed the entry: %+v", e)
	}
	if e := (Entry{}).WithOverrides(Overrides{PerQuery: ptr(0)}); !e.PricesQueries() || e.PricesTokens() {
		t.Errorf("a zero query price is a price, and no token price: %+v", e)
	}
}
