package ai21

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// The model IDs of each capability.
const (
	jambaInstruct = "ai21.jamba-instruct-v1:0" // no tools, no response_format
	jambaLarge    = "ai21.jamba-1-5-large-v1:0"
	jambaMini     = "us.ai21.jamba-1-5-mini-v1:0"
	j2Ultra       = "ai21.j2-ultra-v1"
	j2Mid         = "ai21.j2-mid-v1"
)

const requestDir = "testdata/request"

// translateRequest builds the body for the request in testdata/request
// (a text completion when it has no messages) with the family of model.
func translateRequest(t testing.TB, in []byte, model string, drop bool) ([]byte, *invoke.State, *translate.Error) {
	t.Helper()
	name, ok := invoke.FamilyOf(model)
	if !ok {
		t.Fatalf("no family for %s", model)
	}
	f, _ := invoke.ByName(name)
	text := !bytes.Contains(in, []byte(`"messages"`))
	return familytest.Build(t, f, in, text, &invoke.Options{ModelID: model, DropParams: drop})
}

// TestRequestGolden translates testdata/request/<name>.json and compares
// the body with <name>.golden.json; go test -update rewrites them.
func TestRequestGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range []struct {
		name    string
		model   string
		drop    bool
		text    bool
		dropped []string
		// absent are substrings that must not occur in the body.
		absent []string
	}{
		{name: "jamba_plain", model: jambaInstruct, absent: []string{"max_tokens", "model"}},
		{name: "jamba_system", model: jambaInstruct, absent: []string{"developer"}},
		{name: "jamba_multi_turn", model: jambaLarge},
		{name: "jamba_params", model: jambaInstruct, absent: []string{`""`, "4096", `"n"`}},
		{name: "jamba_stop_string", model: jambaInstruct},
		{name: "jamba_ignored", model: jambaInstruct, absent: []string{
			"stream", "include_usage", "user-1234", "metadata", "store", "parallel", "safety", "prompt_cache",
			"logprobs", "modalities", "temperature", "sk-client", "aws", "attacker", "X-Evil", "extra",
		}},
		{name: "jamba_passthrough", model: jambaLarge},
		{name: "jamba_thinking", model: jambaLarge, dropped: []string{"reasoning_effort", "thinking"}, absent: []string{"reasoning", "thinking"}},
		{name: "jamba_drop_params", model: jambaLarge, drop: true, dropped: []string{
			"messages[0].content[1]", "response_format", "n", "logprobs", "top_logprobs", "logit_bias", "seed", "audio",
			"modalities", "prediction", "service_tier", "web_search_options", "functions", "function_call", "verbosity",
		}, absent: []string{"image", "base64", "response_format"}},
		{name: "jamba_tools", model: jambaLarge, absent: []string{"tool_choice", "null"}},
		{name: "jamba_tool_choice_none", model: jambaLarge, absent: []string{"tools", "tool_choice"}},
		{name: "jamba_tool_choice_drop", model: jambaMini, drop: true, dropped: []string{"tool_choice"}, absent: []string{"tool_choice"}},
		{name: "jamba_response_format", model: jambaMini},
		{name: "jamba_instruct_tools_drop", model: jambaInstruct, drop: true,
			dropped: []string{"messages[1].tool_calls", "messages[2]", "tools", "response_format"},
			absent:  []string{"tool", "call_1", "response_format", "18C"}},
		{name: "jamba_text", model: jambaInstruct, text: true, absent: []string{"prompt", "logprobs", `"n"`}},

		{name: "j2_plain", model: j2Ultra, absent: []string{"maxTokens", "messages"}},
		{name: "j2_system", model: j2Mid},
		{name: "j2_multi_turn", model: j2Ultra},
		{name: "j2_prefill", model: j2Ultra},
		{name: "j2_params", model: j2Mid, absent: []string{"frequencyPenalty", `""`, `"n"`}},
		{name: "j2_native_penalties", model: j2Ultra},
		{name: "j2_text", model: j2Ultra, text: true, absent: []string{"User:", "Assistant:"}},
		{name: "j2_drop_params", model: j2Mid, drop: true, dropped: []string{
			"messages[0].content[1]", "messages[1].tool_calls", "messages[2]",
			"tools", "tool_choice", "response_format", "n", "seed", "presence_penalty", "reasoning_effort",
		}, absent: []string{"image", "look", "a cat", "Penalty", "json"}},
		{name: "j2_ignored", model: j2Ultra, dropped: []string{"thinking"}, absent: []string{
			"tools", "tool_choice", "response_format", "u1", "logprobs", "sk-client", "region", "thinking"}},
	} {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(requestDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			body, st, terr := translateRequest(t, in, tc.model, tc.drop)
			if terr != nil {
				t.Fatalf("%s (param %s)", terr.Message, terr.Param)
			}
			if !json.Valid(body) {
				t.Fatalf("invalid JSON: %s", body)
			}
			translatetest.CompareJSON(t, filepath.Join(requestDir, tc.name+".golden.json"), body)
			again, _, _ := translateRequest(t, in, tc.model, tc.drop)
			if !bytes.Equal(body, again) {
				t.Error("a second translation differs")
			}
			if !slices.Equal(st.Dropped, tc.dropped) {
				t.Errorf("dropped %q, want %q", st.Dropped, tc.dropped)
			}
			if st.Text != tc.text {
				t.Errorf("Text = %v", st.Text)
			}
			wantUsage := bytes.Contains(in, []byte(`"include_usage": true`))
			if st.IncludeUsage != wantUsage {
				t.Errorf("IncludeUsage = %v", st.IncludeUsage)
			}
			for _, s := range tc.absent {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("body contains %q: %s", s, body)
				}
			}
		})
	}

	translatetest.CheckCovered(t, requestDir, covered)
}
