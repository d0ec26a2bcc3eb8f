package stability

import (
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images/internal/imagestest"
)

const png1x1 = imagestest.PNG

// TestGoldenRequests: each request's native body, as AWS documents it.
func TestGoldenRequests(t *testing.T) {
	const (
		xl1  = "stability.stable-diffusion-xl-v1"
		sd3  = "stability.sd3-large-v1:0"
		otta = `"prompt":"A cute baby sea otter"`
	)
	rc := imagestest.RequestCase
	imagestest.Golden(t, "request", []imagestest.Case{
		rc("sdxl_minimal", sdxl{}, xl1, `{"model":"m",`+otta+`}`, false),
		rc("sdxl_full", sdxl{}, xl1, `{"model":"m",`+otta+`,"size":"1152x896",
			"style":"photographic","cfg_scale":10,"steps":50,"seed":42,"sampler":"K_DPMPP_2M","negative_prompt":"blurry","n":1,"quality":"standard"}`, false),
		rc("sdxl_text_prompts", sdxl{}, xl1, `{"model":"m","prompt":"ignored","text_prompts":[{"text":"a lighthouse","weight":1.5}],"style":"anime","style_preset":"cinematic"}`, false),
		rc("sdxl_v0_free_size", sdxl{}, "stability.stable-diffusion-xl-v0", `{"model":"m",`+otta+`,"size":"512x512","seed":30}`, false),
		rc("sdxl_dropped", sdxl{}, xl1, `{"model":"m","prompt":"x","n":4,"quality":"hd","output_format":"jpeg","background":"transparent"}`, true),
		rc("sd3_minimal", stableImage{}, sd3, `{"model":"m","prompt":"Create an image of a panda"}`, false),
		rc("sd3_full", stableImage{}, sd3, `{"model":"m","prompt":"A panda","size":"1344x768","negative_prompt":"text","seed":0,"output_format":"jpeg","mode":"text-to-image"}`, false),
		rc("sd35_ratio_of_size", stableImage{}, "stability.sd3-5-large-v1:0", `{"model":"m","prompt":"A panda","size":"1920x1080"}`, false),
		rc("core_dalle_size", stableImage{}, "stability.stable-image-core-v1:1", `{"model":"m","prompt":"A panda","size":"1024x1792"}`, false),
		rc("ultra_own_ratio", stableImage{}, "us.stability.stable-image-ultra-v1:1", `{"model":"m","prompt":"A panda","size":"1024x1024","aspect_ratio":"21:9","style_preset":"anime"}`, false),
	})
}

func TestRequestErrors(t *testing.T) {
	for _, tc := range []struct {
		model, req, param, code, says string
	}{
		{"stability.stable-diffusion-xl-v1", `{"prompt":"x","size":"1024x768"}`, "size", "", "it makes 1024x1024, 1152x896"},
		{"stability.stable-diffusion-xl-v0", `{"prompt":"x","size":"100x512"}`, "size", "", "multiples of 64"},
		{"stability.stable-diffusion-xl-v1", `{"prompt":"x","n":2}`, "n", "unsupported_parameter", "one image per request"},
		{"stability.stable-diffusion-xl-v1", `{"seed":1}`, "prompt", "", "provide a prompt"},
		{"stability.stable-diffusion-xl-v1", `{"prompt":"x","quality":"hd"}`, "quality", "unsupported_parameter", "drop_params"},
		{"stability.stable-diffusion-xl-v1", `{"prompt":"x","output_format":"webp"}`, "output_format", "unsupported_parameter", ""},
		{"stability.sd3-large-v1:0", `{"prompt":"x","size":"1000x300"}`, "size", "", "1344x768 (16:9)"},
		{"stability.sd3-large-v1:0", `{"prompt":"x","style":"vivid"}`, "style", "unsupported_parameter", ""},
		{"stability.stable-image-ultra-v1:0", `{"prompt":"x","n":3}`, "n", "unsupported_parameter", ""},
		{"stability.stable-image-core-v1:0", `{"size":"1024x1024"}`, "prompt", "", "provide a prompt"},
		{"stability.stable-image-core-v1:0", `{"prompt":"x","moderation":"low"}`, "moderation", "unsupported_parameter", ""},
	} {
		name, _ := images.FamilyOf(tc.model)
		f, _ := images.ByName(name)
		_, terr := imagestest.Body(t, f, tc.model, tc.req, false)
		if terr == nil || terr.Status != 400 || terr.Param != tc.param || terr.Code != tc.code || !strings.Contains(terr.Message, tc.says) {
			t.Errorf("%s %s: %+v", tc.model, tc.req, terr)
		}
	}
}

// TestGoldenAnswers: Bedrock's answers, as AWS documents them, become
// OpenAI's; images a filter withheld are left out.
func TestGoldenAnswers(t *testing.T) {
	ac := imagestest.AnswerCase
	imagestest.Golden(t, "answer", []imagestest.Case{
		ac("sdxl", sdxl{}, `{"result":"success","artifacts":[{"seed":123,"base64":"`+png1x1+`","finishReason":"SUCCESS"}]}`),
		ac("sdxl_one_filtered", sdxl{}, `{"result":"success","artifacts":[{"seed":1,"base64":"`+png1x1+`","finishReason":"SUCCESS"},
			{"seed":2,"base64":"AAAA","finishReason":"CONTENT_FILTERED"}]}`),
		ac("sd3", stableImage{}, `{"seeds":[2130420379],"finish_reasons":[null],"images":["`+png1x1+`"]}`),
		ac("sd3_escaped", stableImage{}, `{"seeds":[1],"finish_reasons":[null],"images":["iVBORw0KGgo\/AAA="]}`),
	})
}

func TestAnswerErrors(t *testing.T) {
	for _, tc := range []struct {
		f            images.Family
		body         string
		status       int
		code, reason string
	}{
		{sdxl{}, `{"result":"success","artifacts":[{"seed":1,"base64":"AAAA","finishReason":"CONTENT_FILTERED"}]}`, 400, "content_policy_violation", "content filter"},
		{sdxl{}, `{"result":"success","artifacts":[{"seed":1,"base64":"","finishReason":"ERROR"}]}`, 502, "", "finishReason ERROR"},
		{sdxl{}, `{"result":"success","artifacts":[]}`, 502, "", "holds no image"},
		{stableImage{}, `{"finish_reasons":["Filter reason: prompt"]}`, 400, "content_policy_violation", "Filter reason: prompt"},
		{stableImage{}, `{"seeds":[1],"finish_reasons":["Filter reason: output image"],"images":["AAAA"]}`, 400, "content_policy_violation", "output image"},
		{stableImage{}, `{"seeds":[1],"finish_reasons":["Inference error"],"images":[]}`, 502, "", "Inference error"},
		{stableImage{}, `{"images":["unterminated}`, 502, "", "could not be read"},
		{stableImage{}, `["AAAA"]`, 502, "", "could not be read"},
	} {
		var a images.Answer
		terr := tc.f.Answer([]byte(tc.body), &a)
		if terr == nil || terr.Status != tc.status || terr.Code != tc.code || !strings.Contains(terr.Message, tc.reason) {
			t.Errorf("%s: %+v", tc.body, terr)
		}
		if terr != nil && terr.Code == "content_policy_violation" && terr.Kind != translate.FailContentPolicy {
			t.Errorf("%s: kind %v", tc.body, terr.Kind)
		}
	}
}
