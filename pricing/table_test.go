package pricing

import "testing"

func TestLookup(t *testing.T) {
	table := Snapshot()
	for i, tc := range []struct {
		name                      string
		provider, modelID, region string
		wantIn, wantOut           float64 // zero wantIn and wantOut: not found
	}{
		{"plain model ID", "bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0", "", 3e-06, 1.5e-05},
		{"us. profile", "bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us-east-1", 3.3e-06, 1.65e-05},
		{"eu. profile", "bedrock", "eu.amazon.nova-pro-v1:0", "eu-west-1", 1.05e-06, 4.2e-06},
		{"apac. profile", "bedrock", "apac.amazon.nova-micro-v1:0", "ap-southeast-1", 3.7e-08, 1.48e-07},
		{"global. profile", "bedrock", "global.anthropic.claude-opus-4-5-20251101-v1:0", "us-east-1", 5e-06, 2.5e-05},
		{"a profile LiteLLM lacks falls back to the plain model", "bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "", 3e-06, 1.5e-05},
		{"region key for the account's region", "bedrock", "meta.llama3-70b-instruct-v1:0", "eu-west-2", 3.45e-06, 4.55e-06},
		{"another region, another price", "bedrock", "meta.llama3-70b-instruct-v1:0", "ap-south-1", 3.18e-06, 4.2e-06},
		{"a region without its own key takes the plain price", "bedrock", "meta.llama3-70b-instruct-v1:0", "eu-central-1", 2.65e-06, 3.5e-06},
		{"GovCloud region", "bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0", "us-gov-west-1", 3.6e-06, 1.8e-05},
		{"region key beats the profile's", "bedrock", "us.anthropic.claude-3-haiku-20240307-v1:0", "us-gov-east-1", 3e-07, 1.5e-06},
		{"foundation-model ARN, region from the ARN", "bedrock", "arn:aws:bedrock:eu-west-3::foundation-model/mistral.mistral-large-2402-v1:0", "", 1.04e-05, 3.12e-05},
		{"the account's region beats the ARN's", "bedrock", "arn:aws:bedrock:eu-west-3::foundation-model/mistral.mistral-large-2402-v1:0", "us-west-2", 8e-06, 2.4e-05},
		{"inference-profile ARN", "bedrock", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.deepseek.r1-v1:0", "", 1.35e-06, 5.4e-06},
		{"GovCloud partition ARN", "bedrock", "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.titan-text-lite-v1", "", 3e-07, 4e-07},
		{"application inference profile ARN is the operator's own", "bedrock", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3", "", 0, 0},
		{"imported model ARN is the operator's own", "bedrock", "arn:aws:bedrock:us-east-1:123456789012:imported-model/abc", "", 0, 0},
		{"malformed ARN", "bedrock", "arn:aws:bedrock", "", 0, 0},
		{"spaces around the ID", "bedrock", " cohere.command-r-v1:0 ", "", 5e-07, 1.5e-06},
		{"embedding", "bedrock", "amazon.titan-embed-text-v2:0", "", 2e-08, 0},
		{"azure", "azure", "gpt-4o", "", 2.5e-06, 1e-05},
		{"azure data zone", "azure", "gpt-4o-2024-08-06", "eu", 2.75e-06, 1.1e-05},
		{"azure zone without its own key", "azure", "gpt-4o-mini", "eu", 1.65e-07, 6.6e-07},
		{"azure completion model (azure_text)", "azure", "gpt-35-turbo-instruct", "", 1.5e-06, 2e-06},
		{"azure, case drift", "azure", "GPT-4o", "", 2.5e-06, 1e-05},
		{"azure_ai", "azure_ai", "Meta-Llama-3-70B-Instruct", "", 1.1e-06, 3.7e-07},
		{"azure_ai, case drift", "azure_ai", "phi-4", "", 1.25e-07, 5e-07},
		{"unknown model", "bedrock", "acme.model-v1:0", "us-east-1", 0, 0},
		{"unknown provider", "vertex_ai", "gemini-pro", "", 0, 0},
		{"empty model", "azure", "", "", 0, 0},
		{"a Bedrock model is not an Azure one", "azure", "anthropic.claude-3-7-sonnet-20250219-v1:0", "", 0, 0},
	} {
		e, ok := table.Lookup(tc.provider, tc.modelID, tc.region)
		wantOK := tc.wantIn != 0 || tc.wantOut != 0
		if ok != wantOK {
			t.Errorf("%d %s: found %v, want %v (%+v)", i, tc.name, ok, wantOK, e)
			continue
		}
		if ok && (e.InputCostPerToken != tc.wantIn || e.OutputCostPerToken != tc.wantOut) {
			t.Errorf("%d %s: in %g out %g, want %g %g", i, tc.name, e.InputCostPerToken, e.OutputCostPerToken, tc.wantIn, tc.wantOut)
		}
	}
}

// TestLookupProviderGuard checks that a key of the right shape does not
// match an entry LiteLLM files under another provider.
func TestLookupProviderGuard(t *testing.T) {
	table, err := Parse([]byte(`{
		"deepseek-chat": {"litellm_provider": "deepseek", "input_cost_per_token": 2.8e-07},
		"mine.model-v1:0": {"input_cost_per_token": 1e-06},
		"bedrock/eu-west-1/mine.model-v1:0": {"litellm_provider": "openai", "input_cost_per_token": 9}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := table.Lookup("bedrock", "deepseek-chat", ""); ok {
		t.Error("a Bedrock lookup took DeepSeek's own entry")
	}
	e, ok := table.Lookup("bedrock", "mine.model-v1:0", "eu-west-1")
	if !ok || e.InputCostPerToken != 1e-06 {
		t.Errorf("an entry without litellm_provider: %+v %v (the region key of another provider is skipped)", e, ok)
	}
}

func TestLookupImage(t *testing.T) {
	table := Snapshot()
	for i, tc := range []struct {
		name                                     string
		provider, modelID, region, size, quality string
		images, width, height                    int
		want                                     float64 // zero: not found
	}{
		{"SDXL by size and steps", "bedrock", "stability.stable-diffusion-xl-v1", "", "1024x1024", "max-steps", 2, 1024, 1024, 0.16},
		{"SDXL v0", "bedrock", "stability.stable-diffusion-xl-v0", "", "512x512", "50-steps", 1, 512, 512, 0.018},
		{"SDXL without a size key is unpriced", "bedrock", "stability.stable-diffusion-xl-v1", "", "768x768", "50-steps", 1, 768, 768, 0},
		{"Nova Canvas size key", "bedrock", "amazon.nova-canvas-v1:0", "", "1024x1024", "50-steps", 1, 1024, 1024, 0.06},
		{"Nova Canvas through a profile", "bedrock", "us.amazon.nova-canvas-v1:0", "", "1024x1024", "50-steps", 1, 1024, 1024, 0.06},
		{"flat per-image price", "bedrock", "stability.sd3-5-large-v1:0", "", "1024x1024", "", 3, 1024, 1024, 0.24},
		{"Titan Image Generator", "bedrock", "amazon.titan-image-generator-v2:0", "", "", "", 1, 512, 512, 0.008},
		{"DALL-E 3 standard", "azure", "dall-e-3", "", "1024x1024", "standard", 1, 1024, 1024, 3.81469e-08 * 1024 * 1024},
		{"DALL-E 3 hd, wide", "azure", "dall-e-3", "", "1792x1024", "hd", 1, 1792, 1024, 6.539e-08 * 1792 * 1024},
		{"gpt-image-1 medium", "azure", "gpt-image-1", "", "1024x1024", "medium", 1, 1024, 1024, 4.0054321e-08 * 1024 * 1024},
	} {
		e, ok := table.LookupImage(tc.provider, tc.modelID, tc.region, tc.size, tc.quality)
		if ok && e.PricesImages() != (tc.want != 0) {
			ok = false
		}
		if ok != (tc.want != 0) {
			t.Errorf("%d %s: found %v (%+v)", i, tc.name, ok, e)
			continue
		}
		if got := e.ImageCost(tc.images, tc.width, tc.height); ok && !near(got, tc.want) {
			t.Errorf("%d %s: ImageCost = %g, want %g", i, tc.name, got, tc.want)
		}
	}
}
