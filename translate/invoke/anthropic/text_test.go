package anthropic

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// textCases are text completions (POST /v1/completions): the prompt goes
// as one user message.
var textCases = []requestCase{
	{name: "text_prompt", opts: invoke.Options{ModelID: claude3Haiku}},
	{name: "text_prompt_claude2", opts: invoke.Options{ModelID: claude21, DropParams: true}, dropped: []string{"suffix", "logprobs"},
		absent: []string{"The end.", "stream", "logprobs"}},
}

var textCovered = map[string]bool{}

func init() {
	for _, tc := range textCases {
		textCovered[tc.name] = true
	}
}

func TestTextGolden(t *testing.T) {
	for _, tc := range textCases {
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(requestDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			req, derr := translate.ParseTextRequest(in)
			if derr != nil {
				t.Fatalf("parse: %v", derr)
			}
			body, st, cerr := Family{}.Text(req, &tc.opts)
			if cerr != nil {
				t.Fatalf("Text: %s (param %s)", cerr.Message, cerr.Param)
			}
			translatetest.CompareJSON(t, filepath.Join(requestDir, tc.name+".golden.json"), body)
			checkState(t, tc, body, st)
			if !st.Text {
				t.Errorf("the state does not say text completion")
			}
		})
	}
}

func TestTextErrors(t *testing.T) {
	for i, tc := range []struct {
		body, param string
	}{
		{`{"model":"m","prompt":"Hi","suffix":"end"}`, "suffix"},
		{`{"model":"m","prompt":"Hi","logprobs":1}`, "logprobs"},
		{`{"model":"m","prompt":"Hi","n":2}`, "n"},
		{`{"model":"m","prompt":"Hi","max_tokens":0}`, "max_tokens"},
	} {
		req, derr := translate.ParseTextRequest([]byte(tc.body))
		if derr != nil {
			t.Fatalf("%d: parse: %v", i, derr)
		}
		_, st, err := Family{}.Text(req, &invoke.Options{ModelID: claude3Haiku})
		if err == nil || st != nil || err.Param != tc.param || err.Status != 400 {
			t.Errorf("%d: %v %+v", i, st, err)
		}
		if tc.param != "max_tokens" && !strings.Contains(err.Message, "not supported by Anthropic Claude models") {
			t.Errorf("%d: %s", i, err.Message)
		}
	}
}
