package translate

import "testing"

func TestNoEffect(t *testing.T) {
	for i, tc := range []struct {
		key, value string
		want       bool
	}{
		{"n", "1", true},
		{"n", "1.0", true},
		{"n", "2", false},
		{"logprobs", "false", true},
		{"logprobs", "true", false},
		{"presence_penalty", "0", true},
		{"frequency_penalty", "0.0", true},
		{"frequency_penalty", "0.5", false},
		{"modalities", `["text"]`, true},
		{"modalities", `[]`, true},
		{"modalities", `["text","audio"]`, false},
		{"modalities", `"text"`, false},
		{"seed", "0", false},
		{"top_logprobs", "0", false},
	} {
		if got := NoEffect(tc.key, []byte(tc.value)); got != tc.want {
			t.Errorf("%d: NoEffect(%s, %s) = %v", i, tc.key, tc.value, got)
		}
	}
}
