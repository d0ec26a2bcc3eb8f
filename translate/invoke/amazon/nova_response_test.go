package amazon

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func TestNovaAnswerGolden(t *testing.T) {
	plain := novaState(t, "chat_plain", translate.Answering{})
	runAnswerGolden(t, Nova{}, novaResponses, []answerCase{
		{name: "text", st: plain},
		{name: "tool_use", st: novaState(t, "chat_tool_history", translate.Answering{})},
		{name: "json_format", st: novaState(t, "chat_response_format", translate.Answering{})},
		{name: "reasoning", st: plain},
		{name: "max_tokens", st: plain},
		{name: "content_filtered", st: plain},
		{name: "cache_usage", st: plain},
		{name: "text_completion", st: novaState(t, "text_plain", translate.Answering{Text: true})},
		{name: "error_no_message", st: plain},
		{name: "error_bad_usage", st: plain},
		{name: "error_not_json", st: plain},
	})
}

func TestNovaFinish(t *testing.T) {
	for _, tc := range []struct {
		reason           string
		calls, formatted bool
		want             string
	}{
		{"end_turn", false, false, "stop"},
		{"tool_use", true, false, "tool_calls"},
		{"tool_use", false, true, "stop"},
		{"tool_use", true, true, "tool_calls"},
		{"max_tokens", false, true, "length"},
		{"content_filtered", false, false, "content_filter"},
		{"malformed_tool_use", false, false, "stop"},
	} {
		if got := novaFinish(tc.reason, tc.calls, tc.formatted); got != tc.want {
			t.Errorf("novaFinish(%q, %v, %v) = %q, want %q", tc.reason, tc.calls, tc.formatted, got, tc.want)
		}
	}
}
