package images

import (
	"reflect"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func parse(t *testing.T, body string) (Request, *translate.Error) {
	t.Helper()
	members, terr := translate.SplitObject([]byte(body))
	if terr != nil {
		t.Fatalf("split %s: %v", body, terr)
	}
	return ParseRequest(members)
}

func TestParseRequest(t *testing.T) {
	for i, tc := range []struct {
		body string
		want Request
	}{
		{`{"model":"m","prompt":"an otter"}`, Request{Prompt: []byte(`"an otter"`)}},
		{`{"model":"m","prompt":"x","n":3,"size":"1024x768","quality":"hd","style":"vivid","response_format":"b64_json"}`,
			Request{Prompt: []byte(`"x"`), N: 3, Size: Size{1024, 768}, Quality: QualityPremium, Style: []byte(`"vivid"`)}},
		{`{"prompt":"x","size":"auto","quality":"auto","n":null,"style":null,"response_format":null}`,
			Request{Prompt: []byte(`"x"`), Quality: QualityAuto}},
		{`{"prompt":"x","quality":"low"}`, Request{Prompt: []byte(`"x"`), Quality: QualityStandard}},
		{`{"prompt":"x","quality":"premium"}`, Request{Prompt: []byte(`"x"`), Quality: QualityPremium}},
		{`{"prompt":"x","output_format":"jpeg"}`, Request{Prompt: []byte(`"x"`), OutputFormat: []byte(`"jpeg"`), Format: FormatJPEG}},
		{`{"prompt":"x","user":"u-1","safety_identifier":"s","complexity":"auto","stream":false,"background":"auto","moderation":"auto","partial_images":0}`, Request{Prompt: []byte(`"x"`)}},
		{`{"prompt":"x","background":"transparent","output_compression":50,"frame_count":4}`,
			Request{Prompt: []byte(`"x"`), Effects: []string{"background", "output_compression", "frame_count"}}},
		{`{"prompt":"x","api_key":"sk-no","aws_region_name":"us-west-2","taskType":"COLOR_GUIDED_GENERATION","seed":7}`,
			Request{Prompt: []byte(`"x"`), Native: Members{{Key: "taskType", Value: []byte(`"COLOR_GUIDED_GENERATION"`)}, {Key: "seed", Value: []byte(`7`)}}}},
	} {
		got, terr := parse(t, tc.body)
		if terr != nil {
			t.Errorf("%d: %v", i, terr)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%d: got %+v\nwant %+v", i, got, tc.want)
		}
	}
}

func TestParseRequestErrors(t *testing.T) {
	for i, tc := range []struct {
		body, param, code, says string
	}{
		{`{"prompt":7}`, "prompt", "", "must be a string"},
		{`{"prompt":""}`, "prompt", "", "must not be empty"},
		{`{"prompt":"` + strings.Repeat("é", MaxPromptLength+1) + `"}`, "prompt", "", "longer than 32000"},
		{`{"prompt":"x","n":0}`, "n", "", "from 1 to 10"},
		{`{"prompt":"x","n":11}`, "n", "", "from 1 to 10"},
		{`{"prompt":"x","n":1.5}`, "n", "", "integer"},
		{`{"prompt":"x","n":"2"}`, "n", "", "integer"},
		{`{"prompt":"x","size":"big"}`, "size", "", "WIDTHxHEIGHT"},
		{`{"prompt":"x","size":"0x512"}`, "size", "", "WIDTHxHEIGHT"},
		{`{"prompt":"x","size":"123456x1"}`, "size", "", "WIDTHxHEIGHT"},
		{`{"prompt":"x","size":512}`, "size", "", "WIDTHxHEIGHT"},
		{`{"prompt":"x","quality":"ultra"}`, "quality", "", "one of"},
		{`{"prompt":"x","style":""}`, "style", "", "non-empty"},
		{`{"prompt":"x","response_format":"url"}`, "response_format", "unsupported_parameter", "Bedrock returns the images themselves"},
		{`{"prompt":"x","response_format":"png"}`, "response_format", "", "b64_json"},
		{`{"prompt":"x","output_format":"gif"}`, "output_format", "", "png, jpeg or webp"},
		{`{"prompt":"x","stream":true}`, "stream", "", "streaming image generation"},
	} {
		_, terr := parse(t, tc.body)
		if terr == nil {
			t.Errorf("%d: %.60s: no error", i, tc.body)
			continue
		}
		if terr.Status != 400 || terr.Param != tc.param || terr.Code != tc.code || !strings.Contains(terr.Message, tc.says) {
			t.Errorf("%d: %.60s: got %d %q %q %q", i, tc.body, terr.Status, terr.Param, terr.Code, terr.Message)
		}
	}
}

func TestParseSize(t *testing.T) {
	for lit, want := range map[string]Size{
		`"1024x1024"`: {1024, 1024}, `"1x1"`: {1, 1}, `"99999x5"`: {99999, 5}, `"auto"`: {},
		`"1024X1024"`: {-1, 0}, `"x1024"`: {-1, 0}, `"1024x"`: {-1, 0}, `"10 x10"`: {-1, 0}, `"-1x5"`: {-1, 0},
		`"1024x1024x1"`: {-1, 0}, `"+5x5"`: {-1, 0},
	} {
		got, ok := ParseSize([]byte(lit))
		if want.W < 0 {
			if ok {
				t.Errorf("%s: accepted as %v", lit, got)
			}
			continue
		}
		if !ok || got != want {
			t.Errorf("%s: %v %v, want %v", lit, got, ok, want)
		}
	}
}

func TestFamilyOf(t *testing.T) {
	Register("test-family", nil, "test.image-")
	for id, want := range map[string]string{
		"test.image-v1":    "test-family",
		"us.test.image-v1": "test-family",
		"arn:aws:bedrock:us-east-1::foundation-model/test.image-v2":                "test-family",
		"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc": "",
		"test.chat-v1": "",
	} {
		if got, _ := FamilyOf(id); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}
