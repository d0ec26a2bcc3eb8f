package integration

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestBedrockImagesErrors: what a request cannot get answers OpenAI's
// error with the status, parameter and code that say why; filtered images
// are an error, never an empty image.
func TestBedrockImagesErrors(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("amazon.nova-canvas-v1:0", fakebedrock.Reply{JSON: `{"images":[],"error":"All of the generated images have been blocked by our content filters."}`})
	fake.Handle("stability.sd3-large-v1:0", fakebedrock.Reply{JSON: `{"seeds":[1],"finish_reasons":["Filter reason: prompt"],"images":[]}`})
	fake.Handle("amazon.titan-image-generator-v1", fakebedrock.Reply{Status: 400,
		Message: "This request has been blocked by our content filters. Please adjust your text prompt to submit a new request."})
	fake.Handle("amazon.titan-image-generator-v2:0", fakebedrock.Reply{Status: 429, Message: "Too many requests, please wait before trying again."})
	startGateway(t, imageSite(fake, ""))

	for _, tc := range []struct {
		name, body    string
		status        int
		typ, param    string
		code, says    string
		reachesUpstrm bool
	}{
		{"url", `{"model":"nova","prompt":"x","response_format":"url"}`, 400, "invalid_request_error", "response_format", "unsupported_parameter", "use 'b64_json'", false},
		{"titan size", `{"model":"titan-v1","prompt":"x","size":"1792x1024"}`, 400, "invalid_request_error", "size", "", "it makes 1024x1024, 768x768, 512x512", false},
		{"sdxl size", `{"model":"sdxl","prompt":"x","size":"1024x1792"}`, 400, "invalid_request_error", "size", "", "1344x768, 1536x640", false},
		{"sd3 size", `{"model":"sd35","prompt":"x","size":"1000x333"}`, 400, "invalid_request_error", "size", "", "1536x640 (21:9)", false},
		{"nova n", `{"model":"nova","prompt":"x","n":6}`, 400, "invalid_request_error", "n", "", "at most 5", false},
		{"ultra n", `{"model":"ultra","prompt":"x","n":2}`, 400, "invalid_request_error", "n", "unsupported_parameter", "one image per request", false},
		{"no prompt", `{"model":"sdxl"}`, 400, "invalid_request_error", "prompt", "", "provide a prompt", false},
		{"stream", `{"model":"sdxl","prompt":"x","stream":true}`, 400, "invalid_request_error", "stream", "", "streaming image generation", false},
		{"chat alias", `{"model":"claude","prompt":"x"}`, 400, "invalid_request_error", "model", "unsupported_model", "does not serve /v1/images/generations", false},
		{"nova filtered", `{"model":"nova","prompt":"x"}`, 400, "invalid_request_error", "prompt", "content_policy_violation", "All of the generated images have been blocked", true},
		{"sd3 filtered", `{"model":"sd3","prompt":"x"}`, 400, "invalid_request_error", "prompt", "content_policy_violation", "Filter reason: prompt", true},
		{"titan refused", `{"model":"titan-v1","prompt":"x"}`, 400, "invalid_request_error", "", "content_policy_violation", "blocked by our content filters", true},
		{"throttled", `{"model":"titan-v2","prompt":"x"}`, 429, "rate_limit_error", "", "rate_limit_exceeded", "Too many requests", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(fake.Requests())
			resp := post(t, "/v1/images/generations", tc.body)
			body := readAll(t, resp.Body)
			var e errorBody
			if err := json.Unmarshal([]byte(body), &e); err != nil || resp.StatusCode != tc.status {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			param, code := "", ""
			if e.Error.Param != nil {
				param = *e.Error.Param
			}
			if e.Error.Code != nil {
				code = *e.Error.Code
			}
			if e.Error.Type != tc.typ || param != tc.param || code != tc.code || !strings.Contains(e.Error.Message, tc.says) {
				t.Errorf("error %s", body)
			}
			if reached := len(fake.Requests()) > before; reached != tc.reachesUpstrm {
				t.Errorf("reached Bedrock: %v", reached)
			}
			if strings.Contains(body, fake.Creds.SecretAccessKey) || strings.Contains(body, fake.Creds.AccessKeyID) {
				t.Errorf("the error names the gateway's credentials: %s", body)
			}
		})
	}

	// The SDK reads the errors as OpenAI's.
	client := newClient()
	_, err := client.Images.Generate(context.Background(), openai.ImageGenerateParams{Model: "nova", Prompt: "x",
		ResponseFormat: openai.ImageGenerateParamsResponseFormatURL})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Param != "response_format" {
		t.Errorf("SDK error %v", err)
	}
}

// TestBedrockImagesRouting: an image alias's lines form a pool as chat
// lines do; a throttled line hands the request to the next, and a content
// filter's refusal to the content_policy_fallback model.
func TestBedrockImagesRouting(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("amazon.nova-canvas-v1:0", fakebedrock.Reply{Status: 429, Message: "slow down"})
	fake.Handle("us.amazon.nova-canvas-v1:0", fakebedrock.Reply{JSON: `{"images":[],"error":"All of the generated images have been blocked by our content filters."}`})
	fake.Handle("stability.stable-image-core-v1:0", fakebedrock.Reply{JSON: stableAnswer})
	startGateway(t, `llm_gateway {
		`+bedrockBlock(fake)+`
		model canvas bedrock/amazon.nova-canvas-v1:0 {
			order 1
			content_policy_fallback core
		}
		model canvas bedrock/us.amazon.nova-canvas-v1:0 {
			order 2
		}
		model core bedrock/stability.stable-image-core-v1:0
	}`)
	client := newClient()
	img, err := client.Images.Generate(context.Background(), openai.ImageGenerateParams{Model: "canvas", Prompt: "An otter", Size: "1024x1024"})
	if err != nil {
		t.Fatal(err)
	}
	if len(img.Data) != 1 || img.Data[0].B64JSON != png1x1 {
		t.Errorf("answer %+v", img)
	}
	var path []string
	for _, r := range fake.Requests() {
		path = append(path, r.ModelID)
	}
	want := "amazon.nova-canvas-v1:0 us.amazon.nova-canvas-v1:0 stability.stable-image-core-v1:0"
	if strings.Join(path, " ") != want {
		t.Errorf("went to %v, want %s", path, want)
	}
	if body := string(fake.Requests()[2].Body); body != `{"prompt":"An otter","aspect_ratio":"1:1"}` {
		t.Errorf("the fallback got %s", body)
	}
}

// TestBedrockImagesHealthCheck: an image line's check makes no image:
// Bedrock's refusal of the probe's body passes it, any other answer fails
// it.
func TestBedrockImagesHealthCheck(t *testing.T) {
	fake := fakebedrock.New(t)
	malformed := fakebedrock.Reply{Status: 400, Message: "Malformed input request: #: expected type: JSONObject, found: JSONArray, please reformat your input and try again."}
	fake.Handle("amazon.nova-canvas-v1:0", malformed)
	fake.Handle("stability.sd3-large-v1:0", fakebedrock.Reply{Status: 403, Message: "You don't have access to the model with the specified model ID."})
	startGateway(t, `llm_gateway {
		`+bedrockBlock(fake)+`
		model nova bedrock/amazon.nova-canvas-v1:0 {
			health_check 1s
		}
		model sd3 bedrock/stability.sd3-large-v1:0 {
			health_check 1s
		}
	}`)
	checked := func(alias string) func() bool {
		return func() bool { return deploymentHealth(t, alias, 0).LastCheck != nil }
	}
	waitFor(t, "nova's check", checked("nova"))
	waitFor(t, "sd3's check", checked("sd3"))
	if d := deploymentHealth(t, "nova", 0); d.Healthy == nil || !*d.Healthy || !d.Available {
		t.Errorf("nova: %+v", d)
	}
	if d := deploymentHealth(t, "sd3", 0); d.Healthy == nil || *d.Healthy || !strings.Contains(d.CheckError, "403") {
		t.Errorf("sd3: %+v", d)
	}
	for _, r := range fake.Requests() {
		if string(r.Body) != "[]" || r.Operation != "invoke" {
			t.Errorf("a check sent %s to %s", r.Body, r.Operation)
		}
	}
}
