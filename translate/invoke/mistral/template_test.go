package mistral

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// turns makes text turns from role, text pairs.
func turns(rt ...string) []invoke.Turn {
	var ts []invoke.Turn
	for i := 0; i+1 < len(rt); i += 2 {
		ts = append(ts, invoke.Turn{Role: rt[i], Text: rt[i+1]})
	}
	return ts
}

func TestInstPrompt(t *testing.T) {
	for _, tc := range []struct {
		turns       []invoke.Turn
		continueMsg string
		want        string
	}{
		{turns("user", "Hi"), "", "<s>[INST] Hi [/INST]"},
		{turns("system", "Be brief."), "", "<s>[INST] Be brief. [/INST]"},
		{turns("system", "A", "user", "B", "system", "C", "user", "D"), "", "<s>[INST] A\n\nC\n\nB\n\nD [/INST]"},
		{turns("user", "Q", "assistant", "A"), "", "<s>[INST] Q [/INST] A"},
		{turns("user", "Q", "assistant", "A", "user", "Q2"), "", "<s>[INST] Q [/INST] A</s>[INST] Q2 [/INST]"},
		{turns("assistant", "Hello.", "user", "Hi"), "", "<s>[INST] [/INST] Hello.</s>[INST] Hi [/INST]"},
		{turns("assistant", "Hello.", "user", "Hi"), "Go on.", "<s>[INST] Go on. [/INST] Hello.</s>[INST] Hi [/INST]"},
		{turns("user", ""), "", "<s>[INST] [/INST]"},
		{nil, "", "<s>[INST] [/INST]"},
	} {
		if got := instPrompt(tc.turns, tc.continueMsg); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.turns, got, tc.want)
		}
	}
}
