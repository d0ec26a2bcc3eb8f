package cohere

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

const responseDir = "testdata/response"

// mappedNames is a state whose request mapped "get-weather".
func mappedNames() *chatState {
	cs := &chatState{}
	cs.cohereName("get-weather")
	return cs
}

// TestResponseGolden reads testdata/response/<name>.json, answers in the
// shape of Bedrock's examples, and compares the OpenAI answer with
// <name>.golden.json.
func TestResponseGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range []struct {
		name   string
		family invoke.Family
		state  any
		text   bool
	}{
		{name: "command_text", family: command{}, state: &commandState{trimStart: true}},
		{name: "command_max_tokens", family: command{}, state: &commandState{trimStart: true, stops: []string{"tallest"}}},
		{name: "command_toxic", family: command{}},
		{name: "command_stop", family: command{}, state: &commandState{trimStart: true, stops: []string{"\nEN", "\nEND", "D"}}},
		// A text completion keeps the space: it continues the prompt.
		{name: "command_completion", family: command{}, state: &commandState{}, text: true},
		{name: "chat_text", family: commandR{}},
		{name: "chat_tool_calls", family: commandR{}, state: mappedNames()},
		{name: "chat_citations", family: commandR{}},
		{name: "chat_max_tokens", family: commandR{}},
		{name: "chat_completion", family: commandR{}, text: true},
	} {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(responseDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := &invoke.State{Answering: translate.Answering{Alias: "cohere-model", Text: tc.text}, Family: tc.state}
			var a translate.Answer
			if err := tc.family.Answer(in, st, &a); err != nil {
				t.Fatal(err)
			}
			out := translate.AppendAnswer(nil, &a, &st.Answering, "chatcmpl-test", 1700000000)
			translatetest.CompareJSON(t, filepath.Join(responseDir, tc.name+".golden.json"), out)
		})
	}
	translatetest.CheckCovered(t, responseDir, covered)
}

func TestResponseErrors(t *testing.T) {
	for i, tc := range []struct {
		family invoke.Family
		body   string
		msg    string
	}{
		{command{}, `{"generations":[{"finish_reason":"ERROR","text":" half"}]}`, "stopped with an error"},
		{command{}, `{"generations":[]}`, "unreadable Cohere answer"},
		{command{}, `{"generations":[{"text":1}]}`, "unreadable Cohere answer"},
		{command{}, `not json`, "unreadable Cohere answer"},
		{commandR{}, `{"text":"half","finish_reason":"ERROR"}`, "stopped with an error"},
		{commandR{}, `{"text":"x","tool_calls":{"name":"f"}}`, "unreadable Cohere answer"},
		{commandR{}, `[]`, "unreadable Cohere answer"},
	} {
		var a translate.Answer
		err := tc.family.Answer([]byte(tc.body), &invoke.State{}, &a)
		if err == nil || err.Status != http.StatusBadGateway || err.Kind != translate.FailUnavailable || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: %v", i, err)
		}
	}
}

func TestFinishReason(t *testing.T) {
	for reason, want := range map[string]string{
		"COMPLETE": "stop", "STOP_SEQUENCE": "stop", "USER_CANCEL": "stop", "": "stop", "SOMETHING_NEW": "stop",
		"MAX_TOKENS": "length", "ERROR_LIMIT": "length",
		"ERROR_TOXIC": "content_filter",
		"TOOL_CALL":   "tool_calls",
	} {
		if got, ok := finishReason(reason); got != want || !ok {
			t.Errorf("%q: %q %v, want %q", reason, got, ok, want)
		}
	}
	if _, ok := finishReason("ERROR"); ok {
		t.Error("ERROR passes for a finish")
	}
}
