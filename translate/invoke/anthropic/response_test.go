package anthropic

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// The id and creation time every test answer gets.
const (
	testID      = "chatcmpl-anthropic-test"
	testCreated = 1700000000
)

const responseDir = "testdata/response"

// testState is a request's state as chat or text made it.
func testState(alias string, text, jsonTool bool, toolIDs map[string]string) *invoke.State {
	return &invoke.State{
		Answering: translate.Answering{Alias: alias, Text: text},
		Family:    &state{toolIDs: toolIDs, jsonTool: jsonTool},
	}
}

// TestAnswerGolden reads testdata/response/<name>.json and compares the
// chat.completion (or text_completion) written from it with
// <name>.golden.json.
func TestAnswerGolden(t *testing.T) {
	mapped := map[string]string{"tooluse_gw0123456789abcdef0123456789abcdef": "functions.get_time:1"}
	covered := map[string]bool{}
	for _, tc := range []struct {
		name     string
		st       *invoke.State
		finish   string
		usage    translate.Usage
		absent   []string
		contains []string
	}{
		{name: "text", st: testState("claude", false, false, nil), finish: "stop",
			usage: translate.Usage{PromptTokens: 10, CompletionTokens: 12, TotalTokens: 22}},
		{name: "text_blocks", st: testState("claude", false, false, nil), finish: "stop"},
		{name: "stop_sequence", st: testState("claude", false, false, nil), finish: "stop"},
		{name: "max_tokens", st: testState("claude", false, false, nil), finish: "length"},
		{name: "tool_use", st: testState("claude", false, false, mapped), finish: "tool_calls",
			contains: []string{`"id":"functions.get_time:1"`, `"arguments":"{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"`},
			absent:   []string{"tooluse_gw"}},
		{name: "tool_only", st: testState("claude", false, false, nil), finish: "tool_calls", contains: []string{`"content":null`}},
		{name: "thinking", st: testState("claude", false, false, nil), finish: "stop"},
		{name: "json_mode", st: testState("claude", false, true, nil), finish: "stop",
			contains: []string{`"content":"{\"city\":\"Tokyo\",\"country\":\"Japan\"}"`}, absent: []string{"tool_calls", "Here is"}},
		{name: "json_mode_with_tool", st: testState("claude", false, true, nil), finish: "tool_calls",
			contains: []string{`"content":"{\"city\":\"Tokyo\"}"`}, absent: []string{"json_tool_call"}},
		{name: "refusal", st: testState("claude", false, false, nil), finish: "content_filter"},
		{name: "cache_usage", st: testState("claude", false, false, nil), finish: "stop",
			usage: translate.Usage{PromptTokens: 4006, CompletionTokens: 4, TotalTokens: 4010, CachedTokens: 3800, CacheWriteTokens: 200}},
		{name: "unknown_blocks", st: testState("claude", false, false, nil), finish: "stop", absent: []string{"web_search", "srvtoolu"}},
		{name: "unknown_stop", st: testState("claude", false, false, nil), finish: "stop"},
		{name: "text_completion", st: testState("claude-text", true, false, nil), finish: "stop", contains: []string{`"object":"text_completion"`}},
		{name: "text_completion_thinking", st: testState("claude-text", true, false, nil), finish: "stop", absent: []string{"prime numbers,", "signature"}},
	} {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(responseDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var a translate.Answer
			if err := (Family{}).Answer(body, tc.st, &a); err != nil {
				t.Fatalf("Answer: %v", err)
			}
			if a.Finish != tc.finish {
				t.Errorf("finish %q, want %q", a.Finish, tc.finish)
			}
			out := translate.AppendAnswer(nil, &a, &tc.st.Answering, testID, testCreated)
			if !json.Valid(out) {
				t.Fatalf("invalid JSON: %s", out)
			}
			if tc.usage != (translate.Usage{}) && a.Usage != tc.usage {
				t.Errorf("usage %+v, want %+v", a.Usage, tc.usage)
			}
			for _, s := range tc.contains {
				if !strings.Contains(string(out), s) {
					t.Errorf("missing %s in %s", s, out)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(string(out), s) {
					t.Errorf("%s in %s", s, out)
				}
			}
			translatetest.CompareJSON(t, filepath.Join(responseDir, tc.name+".golden.json"), out)
		})
	}
	translatetest.CheckCovered(t, responseDir, covered)
}

func TestAnswerErrors(t *testing.T) {
	for i, body := range []string{
		``,
		`not json`,
		`[]`,
		`{"content":"Hi"}`,
		`{"type":"message"}`,
		`{"content":[1]}`,
		`{"content":[{"text":"no type"}]}`,
		`{"content":[{"type":"text","text":5}]}`,
		`{"content":[{"type":"thinking","signature":"s"}]}`,
		`{"content":[{"type":"redacted_thinking"}]}`,
		`{"content":[{"type":"tool_use","name":"f","input":{}}]}`,
		`{"content":[{"type":"tool_use","id":"t","input":{}}]}`,
		`{"content":[],"stop_reason":3}`,
		`{"content":[],"usage":{"input_tokens":-1}}`,
		`{"content":[],"usage":{"output_tokens":1.5}}`,
		`{"content":[],"usage":[]}`,
		`{"content":[{"type":"text","text":"a"}]} trailing`,
	} {
		var a translate.Answer
		err := (Family{}).Answer([]byte(body), testState("m", false, false, nil), &a)
		if err == nil || err.Status != 502 || err.Type != translate.ErrUpstream || err.Kind != translate.FailUnavailable {
			t.Errorf("%d: %s: %+v", i, body, err)
		}
	}
}

func TestFinishReason(t *testing.T) {
	for in, want := range map[string]string{
		"end_turn":                      "stop",
		"stop_sequence":                 "stop",
		"pause_turn":                    "stop",
		"max_tokens":                    "length",
		"model_context_window_exceeded": "length",
		"tool_use":                      "tool_calls",
		"refusal":                       "content_filter",
		"":                              "stop",
		"something_new":                 "stop",
	} {
		if got := finishReason([]byte(in)); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// An answer read through a State from elsewhere (no family state) keeps
// the ids as Claude sent them.
func TestAnswerWithoutFamilyState(t *testing.T) {
	var a translate.Answer
	body := []byte(`{"content":[{"type":"tool_use","id":"toolu_1","name":"json_tool_call","input":{"a":1}}],"stop_reason":"tool_use"}`)
	if err := (Family{}).Answer(body, &invoke.State{}, &a); err != nil {
		t.Fatal(err)
	}
	if len(a.ToolCalls) != 1 || a.ToolCalls[0].ID != "toolu_1" || a.Text != "" || a.Finish != "tool_calls" {
		t.Errorf("%+v", a)
	}
}
