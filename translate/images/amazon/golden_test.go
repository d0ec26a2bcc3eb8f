package amazon

import (
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images/internal/imagestest"
)

const png1x1 = imagestest.PNG

func body(t *testing.T, f family, req string, drop bool) ([]byte, *translate.Error) {
	t.Helper()
	return imagestest.Body(t, f, "", req, drop)
}

// TestGoldenRequests: each request's native body, as AWS documents it.
func TestGoldenRequests(t *testing.T) {
	rc := func(name string, f family, req string, drop bool) imagestest.Case {
		return imagestest.RequestCase(name, f, "", req, drop)
	}
	imagestest.Golden(t, "request", []imagestest.Case{
		rc("nova_minimal", family{nova}, `{"model":"m","prompt":"A cute baby sea otter"}`, false),
		rc("nova_full", family{nova}, `{"model":"m","prompt":"A stylized picture of a cute old steampunk robot.","n":2,"size":"1280x720",
			"quality":"hd","style":"PHOTOREALISM","negativeText":"blurry","cfgScale":6.5,"seed":12,"response_format":"b64_json","user":"u1"}`, false),
		rc("nova_color_guided", family{nova}, `{"model":"amazon.nova-canvas-v1:0","prompt":"A cute baby sea otter","taskType":"COLOR_GUIDED_GENERATION","colorGuidedGenerationParams":{"colors":["#FFFFFF"]}}`, false),
		rc("nova_own_config", family{nova}, `{"model":"m","prompt":"x","n":3,"size":"1024x1024","imageGenerationConfig":{"numberOfImages":1,"seed":5},"seed":9}`, false),
		rc("nova_background_removal", family{nova}, `{"model":"m","prompt":"ignored","taskType":"BACKGROUND_REMOVAL","backgroundRemovalParams":{"image":"`+png1x1+`"}}`, false),
		rc("nova_own_text", family{nova}, `{"model":"m","prompt":"ignored","taskType":"INPAINTING","inPaintingParams":{"text":"a hat","image":"AAAA","maskPrompt":"head"}}`, false),
		rc("nova_unknown_task", family{nova}, `{"model":"m","prompt":"x","taskType":"FUTURE_TASK","futureParams":{"a":1}}`, false),
		rc("titan_full", family{titan}, `{"model":"m","prompt":"A lighthouse","n":3,"size":"1173x640","quality":"standard","cfgScale":8,"seed":0,"negativeText":"fog"}`, false),
		rc("titan_dropped_style", family{titan}, `{"model":"m","prompt":"x","style":"vivid","output_format":"jpeg"}`, true),
	})
}

func TestRequestErrors(t *testing.T) {
	for _, tc := range []struct {
		f                      family
		req, param, code, says string
	}{
		{family{titan}, `{"prompt":"x","size":"1280x720"}`, "size", "", "it makes 1024x1024, 768x768"},
		{family{nova}, `{"prompt":"x","size":"4096x512"}`, "size", "", "no more than 4:1"},
		{family{nova}, `{"prompt":"x","size":"1000x1000"}`, "size", "", "steps of 16"},
		{family{nova}, `{"prompt":"x","size":"4096x4096"}`, "size", "", "4194304"},
		{family{nova}, `{"prompt":"x","size":"2048x2048"}`, "size", "", "fewer than 4194304"},
		{family{nova}, `{"prompt":"x","n":6}`, "n", "", "at most 5"},
		{family{titan}, `{"prompt":"x","style":"vivid"}`, "style", "unsupported_parameter", ""},
		{family{nova}, `{"prompt":"x","style":"PHOTOREALISM","taskType":"IMAGE_VARIATION"}`, "style", "unsupported_parameter", ""},
		{family{nova}, `{"prompt":"x","output_format":"jpeg"}`, "output_format", "unsupported_parameter", ""},
		{family{nova}, `{"prompt":"x","taskType":"BACKGROUND_REMOVAL","size":"1024x1024"}`, "size", "unsupported_parameter", ""},
		{family{nova}, `{"n":1}`, "prompt", "", "provide a prompt"},
		{family{nova}, `{"prompt":"x","taskType":7}`, "taskType", "", "must be a string"},
		{family{nova}, `{"prompt":"x","taskType":"COLOR_GUIDED_GENERATION","colorGuidedGenerationParams":["#FFF"]}`, "colorGuidedGenerationParams", "", "must be an object"},
		{family{nova}, `{"prompt":"x","imageGenerationConfig":5}`, "imageGenerationConfig", "", "must be an object"},
		{family{titan}, `{"prompt":"x","background":"transparent"}`, "background", "unsupported_parameter", ""},
	} {
		_, terr := body(t, tc.f, tc.req, false)
		if terr == nil || terr.Status != 400 || terr.Param != tc.param || terr.Code != tc.code || !strings.Contains(terr.Message, tc.says) {
			t.Errorf("%s %s: %+v", tc.f.m.name, tc.req, terr)
		}
	}
}

// TestGoldenAnswers: Bedrock's answers, as AWS documents them, become
// OpenAI's.
func TestGoldenAnswers(t *testing.T) {
	ac := imagestest.AnswerCase
	imagestest.Golden(t, "answer", []imagestest.Case{
		ac("two_images", family{nova}, `{"images":["`+png1x1+`","`+png1x1+`"],"error":null}`),
		ac("some_filtered", family{nova}, `{"images":["`+png1x1+`"],"error":"Some of the generated images have been blocked by our content filters."}`),
	})
}

func TestAnswerErrors(t *testing.T) {
	for _, tc := range []struct {
		body         string
		status       int
		code, reason string
	}{
		{`{"images":[],"error":"All of the generated images have been blocked by our content filters."}`, 400, "content_policy_violation", "All of the generated images"},
		{`{"error":"Something else went wrong"}`, 502, "", "Something else went wrong"},
		{`{"images":null}`, 502, "", "holds no image"},
		{`{"images":["AAAA"`, 502, "", "could not be read"},
	} {
		var a images.Answer
		terr := (family{titan}).Answer([]byte(tc.body), &a)
		if terr == nil || terr.Status != tc.status || terr.Code != tc.code || !strings.Contains(terr.Message, tc.reason) {
			t.Errorf("%s: %+v", tc.body, terr)
		}
	}
}
