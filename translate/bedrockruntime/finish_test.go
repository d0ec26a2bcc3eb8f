package bedrockruntime

import "testing"

func TestFinishReason(t *testing.T) {
	for stop, want := range map[string]string{
		"end_turn":                      "stop",
		"stop_sequence":                 "stop",
		"max_tokens":                    "length",
		"model_context_window_exceeded": "length",
		"tool_use":                      "tool_calls",
		"guardrail_intervened":          "content_filter",
		"content_filtered":              "content_filter",
		"":                              "stop",
		"something_new":                 "stop",
		"END_TURN":                      "stop",
		"MAX_TOKENS":                    "stop", // Bedrock's values are lowercase; no guessing
	} {
		if got := FinishReason(stop); got != want {
			t.Errorf("FinishReason(%q) = %q, want %q", stop, got, want)
		}
	}
}
