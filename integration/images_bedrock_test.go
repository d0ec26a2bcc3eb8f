package integration

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// Whole-server tests of image generation on Bedrock: every image model of
// LiteLLM's Bedrock docs, spelt as its users write it, through the OpenAI
// SDK's client.Images.Generate; the fake checks the signature and answers
// with the bodies of AWS's documentation.

const (
	// png1x1 is what the fake's models draw, base64 as Bedrock sends it.
	png1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

	sdxlAnswer   = `{"result":"success","artifacts":[{"seed":123,"base64":"` + png1x1 + `","finishReason":"SUCCESS"}]}`
	stableAnswer = `{"seeds":[2130420379],"finish_reasons":[null],"images":["` + png1x1 + `"]}`
	amazonAnswer = `{"images":["` + png1x1 + `"],"error":null}`

	imageProfileARN = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/img1"
	novaProfileARN  = "arn:aws:bedrock:eu-west-1:000000000000:application-inference-profile/a0a0a0a0a0a0"
)

// imageLines are the image models, as model lines and what each sends.
var imageLines = []struct {
	alias, target, options string
	upstream               string // the model ID or ARN in Bedrock's URL
	answer                 string
	size                   string // a size the model makes, "" for none
	body                   string // the native body the request becomes
}{
	{"sdxl-v0", "bedrock/stability.stable-diffusion-xl-v0", "", "stability.stable-diffusion-xl-v0", sdxlAnswer, "512x512",
		`{"text_prompts":[{"text":"A cute baby sea otter","weight":1}],"width":512,"height":512}`},
	{"sdxl", "bedrock/stability.stable-diffusion-xl-v1", "", "stability.stable-diffusion-xl-v1", sdxlAnswer, "1152x896",
		`{"text_prompts":[{"text":"A cute baby sea otter","weight":1}],"width":1152,"height":896}`},
	{"sd3", "bedrock/stability.sd3-large-v1:0", "", "stability.sd3-large-v1:0", stableAnswer, "1344x768",
		`{"prompt":"A cute baby sea otter","aspect_ratio":"16:9"}`},
	{"sd3-docs", "bedrock/stability.stability.sd3-large-v1:0", "", "stability.sd3-large-v1:0", stableAnswer, "",
		`{"prompt":"A cute baby sea otter"}`},
	{"sd35", "bedrock/stability.sd3-5-large-v1:0", "", "stability.sd3-5-large-v1:0", stableAnswer, "1024x1024",
		`{"prompt":"A cute baby sea otter","aspect_ratio":"1:1"}`},
	{"core", "bedrock/stability.stable-image-core-v1:0", "", "stability.stable-image-core-v1:0", stableAnswer, "", `{"prompt":"A cute baby sea otter"}`},
	{"core11", "bedrock/us.stability.stable-image-core-v1:1", "", "us.stability.stable-image-core-v1:1", stableAnswer, "1792x1024",
		`{"prompt":"A cute baby sea otter","aspect_ratio":"16:9"}`},
	{"ultra", "bedrock/stability.stable-image-ultra-v1:0", "", "stability.stable-image-ultra-v1:0", stableAnswer, "", `{"prompt":"A cute baby sea otter"}`},
	{"ultra11", "bedrock/stability.stable-image-ultra-v1:1", "", "stability.stable-image-ultra-v1:1", stableAnswer, "832x1216",
		`{"prompt":"A cute baby sea otter","aspect_ratio":"2:3"}`},
	{"nova", "bedrock/amazon.nova-canvas-v1:0", "", "amazon.nova-canvas-v1:0", amazonAnswer, "1280x720",
		`{"taskType":"TEXT_IMAGE","textToImageParams":{"text":"A cute baby sea otter"},"imageGenerationConfig":{"width":1280,"height":720}}`},
	{"titan-v1", "bedrock/amazon.titan-image-generator-v1", "", "amazon.titan-image-generator-v1", amazonAnswer, "768x1152",
		`{"taskType":"TEXT_IMAGE","textToImageParams":{"text":"A cute baby sea otter"},"imageGenerationConfig":{"width":768,"height":1152}}`},
	{"titan-v2", "bedrock/invoke/amazon.titan-image-generator-v2:0", "", "amazon.titan-image-generator-v2:0", amazonAnswer, "",
		`{"taskType":"TEXT_IMAGE","textToImageParams":{"text":"A cute baby sea otter"}}`},
	{"nova-profile", "bedrock/amazon.nova-canvas-v1:0", "model_id " + novaProfileARN, novaProfileARN, amazonAnswer, "",
		`{"taskType":"TEXT_IMAGE","textToImageParams":{"text":"A cute baby sea otter"}}`},
	{"arn-sd3", "bedrock/" + imageProfileARN, "family stable-image", imageProfileARN, stableAnswer, "1536x640",
		`{"prompt":"A cute baby sea otter","aspect_ratio":"21:9"}`},
}

func imageSite(fake *fakebedrock.Server, extra string) string {
	var b strings.Builder
	b.WriteString("llm_gateway {\n" + bedrockBlock(fake) + "\n")
	for _, l := range imageLines {
		b.WriteString("model " + l.alias + " " + l.target)
		if l.options != "" {
			b.WriteString(" {\n" + l.options + "\n}")
		}
		b.WriteString("\n")
	}
	b.WriteString(extra + "\nmodel claude bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0\n}")
	return b.String()
}

// sameJSON compares two JSON texts by value.
func sameJSON(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

// TestBedrockImagesEveryModel: each image model answers
// client.Images.Generate with the image Bedrock made, from the body AWS
// documents for it.
func TestBedrockImagesEveryModel(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, l := range imageLines {
		fake.Handle(l.upstream, fakebedrock.Reply{JSON: l.answer})
	}
	startGateway(t, imageSite(fake, ""))
	client := newClient()
	for _, l := range imageLines {
		t.Run(l.alias, func(t *testing.T) {
			params := openai.ImageGenerateParams{Model: l.alias, Prompt: "A cute baby sea otter",
				ResponseFormat: openai.ImageGenerateParamsResponseFormatB64JSON}
			if l.size != "" {
				params.Size = openai.ImageGenerateParamsSize(l.size)
			}
			img, err := client.Images.Generate(context.Background(), params)
			if err != nil {
				t.Fatal(err)
			}
			if len(img.Data) != 1 || img.Data[0].B64JSON != png1x1 || img.Created == 0 {
				t.Errorf("answer %+v", img)
			}
			reqs := fake.Requests()
			up := reqs[len(reqs)-1]
			if up.ModelID != l.upstream || up.Operation != "invoke" {
				t.Errorf("sent to %s %s", up.ModelID, up.Operation)
			}
			if !sameJSON(t, up.Body, l.body) {
				t.Errorf("native body %s\nwant %s", up.Body, l.body)
			}
		})
	}
	if n := len(fake.Requests()); n != len(imageLines) {
		t.Errorf("%d upstream requests for %d images", n, len(imageLines))
	}
}

// TestBedrockImagesNativeTask: LiteLLM's color-guided example, sent as
// its users send it, reaches Nova Canvas with the prompt as the task's
// text; several images come back in order.
func TestBedrockImagesNativeTask(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("amazon.nova-canvas-v1:0", fakebedrock.Reply{JSON: `{"images":["` + png1x1 + `","aGVsbG8="],"error":null}`})
	startGateway(t, imageSite(fake, ""))
	resp := post(t, "/v1/images/generations", `{"model":"nova","prompt":"A cute baby sea otter","n":2,"quality":"hd",
		"taskType":"COLOR_GUIDED_GENERATION","colorGuidedGenerationParams":{"colors":["#FFFFFF"]}}`)
	body := readAll(t, resp.Body)
	var got struct {
		Created int64 `json:"created"`
		Data    []struct {
			B64JSON string `json:"b64_json"`
		} `json:"data"`
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || json.Unmarshal([]byte(body), &got) != nil ||
		len(got.Data) != 2 || got.Data[0].B64JSON != png1x1 || got.Data[1].B64JSON != "aGVsbG8=" {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	want := `{"taskType":"COLOR_GUIDED_GENERATION","colorGuidedGenerationParams":{"text":"A cute baby sea otter","colors":["#FFFFFF"]},
		"imageGenerationConfig":{"numberOfImages":2,"quality":"premium"}}`
	if up := fake.Requests()[0]; !sameJSON(t, up.Body, want) {
		t.Errorf("native body %s", up.Body)
	}
}
