package anthropic

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Model IDs of each capability profile: the Supported models table's, and
// two that think.
const (
	claude35Sonnet   = "anthropic.claude-3-5-sonnet-20240620-v1:0"
	claude35SonnetV2 = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"
	claude3Sonnet    = "anthropic.claude-3-sonnet-20240229-v1:0"
	claude3Haiku     = "anthropic.claude-3-haiku-20240307-v1:0"
	claude3Opus      = "anthropic.claude-3-opus-20240229-v1:0"
	claude21         = "anthropic.claude-v2:1"
	claude2          = "anthropic.claude-v2"
	claudeInstant    = "anthropic.claude-instant-v1"
	claude37Sonnet   = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"
	claudeSonnet4    = "anthropic.claude-sonnet-4-20250514-v1:0"
	profileARN       = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
)

// fakeFetchImage serves one PNG; it stands in for the handler's fetcher.
func fakeFetchImage(url string) (string, []byte, error) {
	switch url {
	case "https://images.example/cat.png":
		return "image/png; charset=binary", []byte("\x89PNG\r\n\x1a\n"), nil
	case "https://images.example/huge.png":
		return "", nil, &translate.Error{Status: http.StatusRequestEntityTooLarge, Type: translate.ErrInvalidRequest,
			Message: "image at https://images.example/huge.png is larger than 5 MB"}
	}
	return "", nil, errors.New("GET " + url + ": 404 Not Found")
}

const requestDir = "testdata/request"

// longCallID is the 75-byte tool call id in tool_ids.json.
const longCallID = "call_0123456789012345678901234567890123456789012345678901234567890123456789"

type requestCase struct {
	name    string
	opts    invoke.Options
	dropped []string
	// jsonTool: the JSON tool implements response_format.
	jsonTool bool
	// toolIDs maps ids sent to Claude to the client's ids.
	toolIDs map[string]string
	// absent are substrings that must not occur in the body.
	absent []string
}

var requestCases = []requestCase{
	{name: "plain", opts: invoke.Options{ModelID: claude35Sonnet}},
	{name: "system", opts: invoke.Options{ModelID: claude3Haiku}},
	{name: "system_developer", opts: invoke.Options{ModelID: claude35Sonnet}},
	{name: "multi_turn", opts: invoke.Options{ModelID: claude3Sonnet}},
	{name: "merge_consecutive", opts: invoke.Options{ModelID: claude3Opus}},
	{name: "prefill", opts: invoke.Options{ModelID: claude3Haiku}},
	{name: "continue_message", opts: invoke.Options{ModelID: claude3Haiku, UserContinueMessage: "Please continue."}},
	{name: "continue_message_unset", opts: invoke.Options{ModelID: claude3Haiku}},
	{name: "params", opts: invoke.Options{ModelID: claude35Sonnet}},
	{name: "params_stop_string", opts: invoke.Options{ModelID: claude35Sonnet}, absent: []string{"900"}},
	{name: "default_max_tokens", opts: invoke.Options{ModelID: profileARN}},
	{name: "image_data_url", opts: invoke.Options{ModelID: claude3Sonnet}, absent: []string{"detail", "data:", "image/jpg"}},
	{name: "remote_image_fetched", opts: invoke.Options{ModelID: claude3Haiku, FetchImage: fakeFetchImage}, absent: []string{"https://"}},
	{name: "documents", opts: invoke.Options{ModelID: claude35SonnetV2}},
	{name: "documents_dropped", opts: invoke.Options{ModelID: claude3Haiku, DropParams: true},
		dropped: []string{"messages[0].content[0].file"}, absent: []string{"document", "JVBER"}},
	{name: "tools", opts: invoke.Options{ModelID: claude3Sonnet}, absent: []string{"tool_choice"}},
	{name: "tool_choice_auto", opts: invoke.Options{ModelID: claude3Sonnet}},
	{name: "tool_choice_required", opts: invoke.Options{ModelID: claude3Sonnet}},
	{name: "tool_choice_none", opts: invoke.Options{ModelID: claude3Sonnet}},
	{name: "tool_choice_named", opts: invoke.Options{ModelID: claude3Sonnet}},
	{name: "parallel_tool_calls", opts: invoke.Options{ModelID: claude3Sonnet}},
	{name: "parallel_tool_calls_named", opts: invoke.Options{ModelID: claude3Sonnet}},
	{name: "tool_calls_results", opts: invoke.Options{ModelID: claude3Sonnet}, toolIDs: map[string]string{
		"toolu_01A09q90qw90lq917835lq9": "toolu_01A09q90qw90lq917835lq9"}},
	{name: "tool_ids", opts: invoke.Options{ModelID: claude35Sonnet}, toolIDs: map[string]string{
		translate.UpstreamToolID("functions.lookup:0"): "functions.lookup:0",
		translate.UpstreamToolID(longCallID):           longCallID,
		"tooluse_Valid-id_01":                          "tooluse_Valid-id_01",
		"toolu_bdrk_new":                               "toolu_bdrk_new",
	}, absent: []string{"functions.lookup:0", longCallID}},
	{name: "synthesized_tools", opts: invoke.Options{ModelID: claude3Haiku}, absent: []string{"tool_choice"}},
	{name: "response_format_json_object", opts: invoke.Options{ModelID: claude3Haiku}, jsonTool: true},
	{name: "response_format_json_schema", opts: invoke.Options{ModelID: claude35Sonnet}, jsonTool: true, absent: []string{"strict"}},
	{name: "response_format_text", opts: invoke.Options{ModelID: claude3Haiku}, absent: []string{"tools", "json_tool_call"}},
	{name: "thinking_budget", opts: invoke.Options{ModelID: claude37Sonnet}},
	{name: "thinking_default_max", opts: invoke.Options{ModelID: claude37Sonnet}},
	{name: "thinking_max_clamped", opts: invoke.Options{ModelID: claude37Sonnet}},
	{name: "reasoning_effort", opts: invoke.Options{ModelID: claudeSonnet4}},
	{name: "reasoning_effort_unsupported", opts: invoke.Options{ModelID: claude35Sonnet}, dropped: []string{"reasoning_effort"}, absent: []string{"thinking"}},
	{name: "thinking_default", opts: invoke.Options{ModelID: claude37Sonnet, DefaultThinkingBudget: 2048}},
	{name: "thinking_default_unsupported", opts: invoke.Options{ModelID: claude3Opus, DefaultThinkingBudget: 2048}, absent: []string{"thinking"}},
	{name: "thinking_default_temperature", opts: invoke.Options{ModelID: claude37Sonnet, DefaultThinkingBudget: 2048}, dropped: []string{"thinking"}, absent: []string{"thinking"}},
	{name: "thinking_blocks", opts: invoke.Options{ModelID: claude37Sonnet}, dropped: []string{"tool_choice"}, absent: []string{"I should multiply", `"any"`}},
	{name: "thinking_tool_turn", opts: invoke.Options{ModelID: claude37Sonnet}, dropped: []string{"reasoning_effort"}, absent: []string{"thinking"}},
	{name: "thinking_blocks_unsupported", opts: invoke.Options{ModelID: claude35Sonnet}, dropped: []string{"thinking_blocks"}, absent: []string{"thinking", "Sig"}},
	{name: "thinking_disabled", opts: invoke.Options{ModelID: claude37Sonnet, DefaultThinkingBudget: 4096}, absent: []string{"thinking"}},
	{name: "cache_control", opts: invoke.Options{ModelID: claude37Sonnet}},
	{name: "cache_control_unsupported", opts: invoke.Options{ModelID: claude3Haiku}, dropped: []string{"cache_control"}, absent: []string{"cache_control", "ephemeral"}},
	{name: "drop_params", opts: invoke.Options{ModelID: claude3Haiku, DropParams: true}, dropped: []string{
		"n", "logprobs", "top_logprobs", "logit_bias", "presence_penalty", "frequency_penalty", "seed", "audio",
		"modalities", "prediction", "service_tier", "web_search_options", "functions", "function_call", "verbosity",
	}},
	{name: "no_effect_params", opts: invoke.Options{ModelID: claude3Haiku}, absent: []string{"penalty", "modalities", "seed"}},
	{name: "ignored_fields", opts: invoke.Options{ModelID: claude3Haiku}, absent: []string{
		"stream", "include_usage", "session", "store", "pck", "sk-client", "evil", "AKIA", "region", "X-Evil",
		"drop_params", "mocked", "timeout", "num_retries", "metadata",
	}},
	{name: "passthrough", opts: invoke.Options{ModelID: claude37Sonnet}, absent: []string{"some_null_param"}},
	{name: "text_only", opts: invoke.Options{ModelID: claude2}, dropped: []string{"cache_control", "thinking_blocks"},
		absent: []string{"thinking", "cache_control"}},
	{name: "text_only_dropped", opts: invoke.Options{ModelID: claudeInstant, DropParams: true}, dropped: []string{
		"messages[0].content[1]", "messages[1].tool_calls", "messages[2]", "tools", "tool_choice", "response_format",
	}, absent: []string{"image", "tool", "iVBOR", "json_tool_call"}},
}

// TestChatGolden translates testdata/request/<name>.json and compares
// the body with <name>.golden.json. Run with -update to rewrite the
// golden files, then review the diff.
func TestChatGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range requestCases {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(requestDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			req, derr := translate.ParseChatRequest(in)
			if derr != nil {
				t.Fatalf("parse: %v", derr)
			}
			body, st, cerr := Family{}.Chat(req, &tc.opts)
			if cerr != nil {
				t.Fatalf("Chat: %s (param %s)", cerr.Message, cerr.Param)
			}
			if !json.Valid(body) {
				t.Fatalf("invalid JSON: %s", body)
			}
			translatetest.CompareJSON(t, filepath.Join(requestDir, tc.name+".golden.json"), body)
			checkState(t, tc, body, st)

			// The same request translates to the same bytes: history
			// replayed in a later turn must look the same to Claude
			// (cache hits, ids).
			if again, _, _ := (Family{}).Chat(req, &tc.opts); !bytes.Equal(body, again) {
				t.Errorf("second translation differs")
			}
		})
	}

	// Every request in testdata has a case, chat or text completion, so
	// none is silently skipped.
	maps.Copy(covered, textCovered)
	translatetest.CheckCovered(t, requestDir, covered)
}

func checkState(t *testing.T, tc requestCase, body []byte, st *invoke.State) {
	t.Helper()
	fs := familyState(st)
	if fs == &noState {
		t.Fatalf("no family state")
	}
	if !slices.Equal(st.Dropped, tc.dropped) {
		t.Errorf("dropped %q, want %q", st.Dropped, tc.dropped)
	}
	if fs.jsonTool != tc.jsonTool {
		t.Errorf("jsonTool %v, want %v", fs.jsonTool, tc.jsonTool)
	}
	for upstream, client := range tc.toolIDs {
		if got := fs.toolIDs.Client(upstream); got != client {
			t.Errorf("Client(%q) = %q, want %q", upstream, got, client)
		}
	}
	for _, s := range tc.absent {
		if bytes.Contains(body, []byte(s)) {
			t.Errorf("body contains %q: %s", s, body)
		}
	}
}
