package mistral

import "testing"

func TestFinishReason(t *testing.T) {
	for reason, want := range map[string]string{
		"stop":           "stop",
		"":               "stop",
		"length":         "length",
		"model_length":   "length",
		"tool_calls":     "tool_calls",
		"content_filter": "content_filter",
		"error":          "stop",
		"something_new":  "stop",
	} {
		if got := finishReason(reason); got != want {
			t.Errorf("%q → %q, want %q", reason, got, want)
		}
	}
	for _, tc := range []struct {
		finish string
		calls  int
		json   bool
		want   string
	}{
		{"stop", 1, false, "tool_calls"},
		{"stop", 0, false, "stop"},
		{"tool_calls", 0, true, "stop"},
		{"tool_calls", 1, true, "tool_calls"},
		{"length", 2, false, "length"},
	} {
		if got := callsFinish(tc.finish, tc.calls, tc.json); got != tc.want {
			t.Errorf("%+v → %q", tc, got)
		}
	}
}
