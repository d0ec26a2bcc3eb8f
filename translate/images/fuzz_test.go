package images

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// FuzzParseRequest: no body makes the parser panic, and what it accepts
// is within its limits.
func FuzzParseRequest(f *testing.F) {
	for _, seed := range []string{
		`{"model":"m","prompt":"A cute baby sea otter"}`,
		`{"model":"m","prompt":"x","n":2,"size":"1024x1024","quality":"hd","style":"vivid","response_format":"b64_json"}`,
		`{"model":"m","prompt":"A cute baby sea otter","taskType":"COLOR_GUIDED_GENERATION","colorGuidedGenerationParams":{"colors":["#FFFFFF"]}}`,
		`{"prompt":"\u00e9\ud83d\ude00","size":"auto","output_format":"jpeg","background":"transparent"}`,
		`{"prompt":"x","response_format":"url"}`,
		`{"prompt":"x","size":"99999x99999","n":10}`,
		`{"prompt":"x","n":1e3,"size":"1x"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		members, terr := translate.SplitObject(body)
		if terr != nil {
			return
		}
		r, terr := ParseRequest(members)
		if terr != nil {
			if terr.Status != 400 || terr.Message == "" {
				t.Fatalf("bad error %+v", terr)
			}
			return
		}
		if r.N < 0 || r.N > MaxImages || r.Size.W < 0 || r.Size.W > maxSide || r.Size.H > maxSide || (r.Size.W == 0) != (r.Size.H == 0) {
			t.Fatalf("out of limits: %+v", r)
		}
		if r.Prompt != nil && !IsString(r.Prompt) {
			t.Fatalf("prompt %q is no string", r.Prompt)
		}
	})
}
