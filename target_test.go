package llmgateway

import "testing"

// TestParseImageTargets: image models parse as any Bedrock target; the
// doubled prefix of LiteLLM's docs names the model once.
func TestParseImageTargets(t *testing.T) {
	for i, tc := range []struct {
		in, api, modelID string
	}{
		{"bedrock/stability.stability.sd3-large-v1:0", apiAuto, "stability.sd3-large-v1:0"},
		{"bedrock/stability.sd3-large-v1:0", apiAuto, "stability.sd3-large-v1:0"},
		{"bedrock/us.stability.stability.stable-image-ultra-v1:1", apiAuto, "us.stability.stable-image-ultra-v1:1"},
		{"bedrock/invoke/stability.stability.sd3-large-v1:0", apiInvoke, "stability.sd3-large-v1:0"},
		{"bedrock/amazon.nova-canvas-v1:0", apiAuto, "amazon.nova-canvas-v1:0"},
		{"bedrock/arn:aws:bedrock:us-east-1::foundation-model/stability.stable-diffusion-xl-v1", apiAuto,
			"arn:aws:bedrock:us-east-1::foundation-model/stability.stable-diffusion-xl-v1"},
	} {
		got, err := parseTarget(tc.in)
		if err != nil || got.provider != providerBedrock || got.api != tc.api || got.modelID != tc.modelID {
			t.Errorf("%d: %s: %+v %v", i, tc.in, got, err)
		}
	}
}
