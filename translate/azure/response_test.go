package azure

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

const responseDir = "testdata/response"

// TestResponseGolden passes testdata/response/<name>.json through
// Response and compares the result with <name>.golden.json.
func TestResponseGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range []struct {
		name  string
		usage translate.Usage
		// same: the body is expected back verbatim but for the model.
		same bool
	}{
		{name: "openai_basic", usage: translate.Usage{PromptTokens: 19, CompletionTokens: 10, TotalTokens: 29}, same: true},
		{name: "openai_content_filter", usage: translate.Usage{PromptTokens: 25, CompletionTokens: 41, TotalTokens: 66}, same: true},
		{name: "reasoning_cached", usage: translate.Usage{PromptTokens: 2400, CompletionTokens: 1290, TotalTokens: 3690, CachedTokens: 2048, ReasoningTokens: 1280}, same: true},
		{name: "tool_calls", usage: translate.Usage{PromptTokens: 80, CompletionTokens: 17, TotalTokens: 97}, same: true},
		{name: "deepseek_think", usage: translate.Usage{PromptTokens: 6, CompletionTokens: 38, TotalTokens: 44}},
		// Go's encoder escapes < and >, and so may an upstream's.
		{name: "deepseek_think_escaped", usage: translate.Usage{PromptTokens: 6, CompletionTokens: 38, TotalTokens: 44}},
		{name: "deepseek_reasoning_content", usage: translate.Usage{PromptTokens: 5, CompletionTokens: 20, TotalTokens: 25}, same: true},
		{name: "deepseek_two_choices", usage: translate.Usage{PromptTokens: 5, CompletionTokens: 20, TotalTokens: 25}},
		{name: "embeddings", usage: translate.Usage{PromptTokens: 5, TotalTokens: 5}, same: true},
		{name: "images", same: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			covered[tc.name] = true
			body, err := os.ReadFile(filepath.Join(responseDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := &State{Model: "my-alias"}
			got, usage, e := Response([]byte("prefix"), body, st)
			if e != nil {
				t.Fatal(e)
			}
			got, ok := bytes.CutPrefix(got, []byte("prefix"))
			if !ok || !json.Valid(got) {
				t.Fatalf("not JSON after dst: %s", got)
			}
			translatetest.Compare(t, filepath.Join(responseDir, tc.name+".golden.json"), append(got, '\n'))
			if usage != tc.usage {
				t.Errorf("usage %+v, want %+v", usage, tc.usage)
			}
			var in, out map[string]any
			_ = json.Unmarshal(body, &in)
			_ = json.Unmarshal(got, &out)
			if _, hasModel := in["model"]; hasModel != (out["model"] == "my-alias") {
				t.Errorf("model %v", out["model"])
			}
			if tc.same {
				if _, hasModel := in["model"]; hasModel {
					in["model"] = "my-alias"
				}
				a, _ := json.Marshal(in)
				b, _ := json.Marshal(out)
				if !bytes.Equal(a, b) {
					t.Errorf("changed beyond the model:\n%s\n%s", a, b)
				}
			}
		})
	}
	entries, _ := os.ReadDir(responseDir)
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok && !strings.HasSuffix(n, ".golden") && !covered[n] {
			t.Errorf("%s has no test case", e.Name())
		}
	}
}

func TestResponseUnreadable(t *testing.T) {
	for _, body := range []string{``, `not json`, `[1]`, `{"a":`, `"s"`, `{"choices":[}`} {
		out, _, e := Response([]byte("x"), []byte(body), &State{Model: "m"})
		if e == nil || e.Status != 502 || e.Type != translate.ErrUpstream || string(out) != "x" {
			t.Errorf("%q: out %q error %+v", body, out, e)
			continue
		}
		if e.Kind != translate.FailUnavailable {
			// Azure's fault: another deployment may answer.
			t.Errorf("%q: kind %v, want FailUnavailable", body, e.Kind)
		}
	}
}

func BenchmarkResponse(b *testing.B) {
	for _, name := range []string{"openai_basic", "deepseek_think"} {
		b.Run(name, func(b *testing.B) {
			body, err := os.ReadFile(filepath.Join(responseDir, name+".json"))
			if err != nil {
				b.Fatal(err)
			}
			st := &State{Model: "my-alias"}
			dst := make([]byte, 0, 2*len(body))
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				var e *translate.Error
				if dst, _, e = Response(dst[:0], body, st); e != nil {
					b.Fatal(e)
				}
			}
		})
	}
}

func TestSplice(t *testing.T) {
	for i, tc := range []struct {
		body, alias, want string
		usage             translate.Usage
	}{
		{`{"object":"list","data":[{"embedding":[0.1,-0.2]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":5,"total_tokens":5}}`, "emb",
			`{"object":"list","data":[{"embedding":[0.1,-0.2]}],"model":"emb","usage":{"prompt_tokens":5,"total_tokens":5}}`, translate.Usage{PromptTokens: 5}},
		{`{"created":1,"data":[{"b64_json":"AAAA"}]}`, "img", `{"created":1,"data":[{"b64_json":"AAAA"}]}`, translate.Usage{}},
		{` { "model" : "x" } `, "a\"b", ` { "model" : "a\"b" } `, translate.Usage{}},
	} {
		head, model, tail, usage, err := Splice([]byte(tc.body), tc.alias)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if got := string(head) + string(model) + string(tail); got != tc.want || usage.PromptTokens != tc.usage.PromptTokens {
			t.Errorf("%d: %s, usage %+v", i, got, usage)
		}
	}
	if _, _, _, _, err := Splice([]byte(`{"model":`), "a"); err == nil {
		t.Error("accepted truncated JSON")
	}
}

func TestSpliceImages(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		images     int
	}{
		{"one url", `{"created":1,"data":[{"revised_prompt":"An otter","url":"https://x.invalid/0.png"}]}`, 1},
		{"two b64 with quotes escaped", `{"created":1,"data":[{"b64_json":"AA\"]}AA"},{"b64_json":"BBBB"}]}`, 2},
		{"empty data", `{"created":1,"data":[]}`, 0},
		{"no data", `{"created":1}`, 0},
		{"data not an array", `{"created":1,"data":{"url":"x"}}`, 0},
		{"spaces", ` { "data" : [ { "url" : "a" } , { "url" : "b" } , { "url" : "c" } ] } `, 3},
	} {
		head, model, tail, images, _, err := SpliceImages([]byte(tc.body), "img")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if images != tc.images {
			t.Errorf("%s: %d images, want %d", tc.name, images, tc.images)
		}
		if got := string(head) + string(model) + string(tail); got != tc.body {
			t.Errorf("%s: answer changed to %s", tc.name, got)
		}
	}
	if _, _, _, _, _, err := SpliceImages([]byte(`{"data":[`), "a"); err == nil {
		t.Error("accepted truncated JSON")
	}
}
