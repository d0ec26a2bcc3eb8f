package mistral

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
)

// The models of the family, as Bedrock names them.
const (
	mistral7B = "mistral.mistral-7b-instruct-v0:2"
	mixtral   = "mistral.mixtral-8x7b-instruct-v0:1"
	large2402 = "mistral.mistral-large-2402-v1:0"
	large2407 = "mistral.mistral-large-2407-v1:0"
	small2402 = "mistral.mistral-small-2402-v1:0"
)

// requestCase is one golden request: testdata/<dir>/<name>.json
// translated for model, compared with <name>.golden.json.
type requestCase struct {
	name    string
	model   string
	opts    invoke.Options // ModelID is set from model
	dropped []string
	// toolIDs maps ids sent to Mistral to the client's.
	toolIDs map[string]string
	// absent are substrings the body must not contain.
	absent []string
}

var chatCases = []requestCase{
	// Prompt models: the [INST] template (AWS text completion examples).
	{name: "prompt_plain", model: mistral7B},
	{name: "prompt_multi_turn", model: mixtral},
	{name: "prompt_system", model: mistral7B},
	{name: "prompt_params", model: mistral7B, absent: []string{`""`, "logit_bias", `"n"`}},
	{name: "prompt_max_completion_tokens", model: mixtral},
	{name: "prompt_prefill", model: mistral7B},
	{name: "prompt_continue_message", model: mistral7B, opts: invoke.Options{UserContinueMessage: "Please continue."}},
	{name: "prompt_assistant_first", model: "us." + mistral7B},
	{name: "prompt_parts", model: mistral7B},
	{name: "prompt_drop_params", model: mixtral, opts: invoke.Options{DropParams: true}, dropped: []string{
		"messages[0].content[1]", "messages[1].tool_calls", "messages[2]", "tools", "tool_choice", "response_format",
		"n", "logprobs", "seed", "presence_penalty", "logit_bias", "modalities", "functions", "verbosity",
	}, absent: []string{"lookup", "a cat", "image", "json"}},
	{name: "prompt_thinking", model: mistral7B, dropped: []string{"thinking", "reasoning_effort"}, absent: []string{"budget", "high"}},
	{name: "prompt_ignored_fields", model: mistral7B, absent: []string{
		"stream", "usage", "user-1234", "metadata", "store", "parallel", "safety", "prompt_cache", "sk-client", "attacker",
		"region", "AKIA", "X-Evil", "drop_params", "timeout", "retries", "mocked", "temperature", "tool_choice",
	}},

	// Chat models: Mistral's chat body (AWS chat completion examples).
	{name: "chat_plain", model: large2407},
	{name: "chat_system", model: large2402},
	{name: "chat_multi_turn", model: small2402},
	{name: "chat_params", model: "eu." + large2407, absent: []string{`"n"`, "max_completion_tokens"}},
	{name: "chat_tools", model: large2402},
	{name: "chat_tool_choice_required", model: large2407},
	{name: "chat_tool_choice_none", model: large2407},
	{name: "chat_tool_choice_named", model: large2407, absent: []string{"station_count"}},
	{name: "chat_tool_results", model: large2407, toolIDs: map[string]string{
		mistralToolID("call_Wz9pq1Ke7sTx"):      "call_Wz9pq1Ke7sTx",
		mistralToolID("adN1ifNCSJy4bpwrpJt5tw"): "adN1ifNCSJy4bpwrpJt5tw",
		"aB3xK9mP2":                             "aB3xK9mP2",
	}, absent: []string{"call_Wz9pq1Ke7sTx", "adN1ifNCSJy4bpwrpJt5tw", `"type":"text"`}},
	{name: "chat_response_format_json_object", model: large2407},
	{name: "chat_response_format_json_schema", model: large2407, dropped: []string{"tools", "tool_choice"},
		absent: []string{"top_song", "strict", `"auto"`}},
	{name: "chat_response_format_text", model: large2407, absent: []string{"tool"}},
	{name: "chat_continue_message", model: large2402, opts: invoke.Options{UserContinueMessage: "Please continue."}},
	{name: "chat_drop_params", model: large2407, opts: invoke.Options{DropParams: true}, dropped: []string{
		"messages[0].content[1]", "messages[0].content[2]", "n", "logprobs", "top_logprobs", "seed", "frequency_penalty",
		"audio", "prediction", "service_tier", "web_search_options", "function_call", "prompt",
	}, absent: []string{"data:", "stray", "alloy"}},
	{name: "chat_thinking", model: large2407, dropped: []string{"reasoning_effort", "thinking"}, absent: []string{"budget", "medium"}},
}

var textCases = []requestCase{
	{name: "prompt_as_is", model: mistral7B, absent: []string{"stream", "[INST] <s>"}},
	{name: "prompt_list", model: mixtral, absent: []string{"echo", "best_of", "suffix", `"n"`, "logprobs"}},
	{name: "prompt_drop_params", model: mistral7B, opts: invoke.Options{DropParams: true}, dropped: []string{"suffix", "logprobs", "seed"},
		absent: []string{"Bye"}},
	{name: "chat_model", model: large2407},
	{name: "drop_params", model: large2407, opts: invoke.Options{DropParams: true}, dropped: []string{"suffix", "logprobs", "seed"},
		absent: []string{"Bye"}},
}

// TestChatGolden translates testdata/request/<name>.json; go test
// -update rewrites the golden files (review the diff).
func TestChatGolden(t *testing.T) {
	runGolden(t, "request", chatCases, func(in []byte, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
		req, err := translate.ParseChatRequest(in)
		if err != nil {
			return nil, nil, err
		}
		return family{}.Chat(req, opts)
	})
}

// TestTextGolden translates the text completions in testdata/text.
func TestTextGolden(t *testing.T) {
	runGolden(t, "text", textCases, func(in []byte, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
		req, err := translate.ParseTextRequest(in)
		if err != nil {
			return nil, nil, err
		}
		body, st, err := family{}.Text(req, opts)
		if err == nil && !st.Text {
			t.Errorf("a text completion's state does not say so")
		}
		return body, st, err
	})
}

func runGolden(t *testing.T, dir string, cases []requestCase, translateBody func([]byte, *invoke.Options) ([]byte, *invoke.State, *translate.Error)) {
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", dir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			opts := tc.opts
			opts.ModelID = tc.model
			body, st, terr := translateBody(in, &opts)
			if terr != nil {
				t.Fatalf("%s (param %s)", terr.Message, terr.Param)
			}
			if !json.Valid(body) {
				t.Fatalf("invalid JSON: %s", body)
			}
			translatetest.CompareJSON(t, filepath.Join("testdata", dir, tc.name+".golden.json"), body)

			// The same request gives the same bytes: a history replayed
			// later must look the same to the model (ids above all).
			again, _, _ := translateBody(in, &opts)
			if !bytes.Equal(body, again) {
				t.Errorf("second translation differs:\n%s\n%s", body, again)
			}
			if !slices.Equal(st.Dropped, tc.dropped) {
				t.Errorf("dropped %q, want %q", st.Dropped, tc.dropped)
			}
			fam := stateOf(st)
			for sent, client := range tc.toolIDs {
				if got := fam.clientToolID(sent); got != client {
					t.Errorf("clientToolID(%q) = %q, want %q", sent, got, client)
				}
			}
			for _, s := range tc.absent {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("body contains %q: %s", s, body)
				}
			}
		})
	}
	translatetest.CheckCovered(t, filepath.Join("testdata", dir), covered)
}
