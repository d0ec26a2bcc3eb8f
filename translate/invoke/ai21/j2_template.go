package ai21

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Jurassic-2 is a completion model without a chat format of its own, so a
// chat is written as text: the system text first, then each turn after
// its speaker's label, a blank line between turns, and "Assistant:" last
// for the model to go on from; a final assistant message is a prefill the
// answer continues. turnStop is added to the stop sequences so that the
// model stops where it would start writing the user's next turn.
const (
	userLabel      = "User:"
	assistantLabel = "Assistant:"
	turnStop       = "\n" + userLabel
)

// withText leaves out turns without text (an assistant turn that was
// only tool calls, dropped): a bare label would read as a turn the model
// skipped. The turns it brings together are merged, as TextTurns merges.
func withText(turns []invoke.Turn) []invoke.Turn {
	out := turns[:0]
	for _, t := range turns {
		switch n := len(out); {
		case t.Text == "":
		case n > 0 && out[n-1].Role == t.Role:
			out[n-1].Text += "\n\n" + t.Text
		default:
			out = append(out, t)
		}
	}
	return out
}

// chatPrompt writes turns as a Jurassic-2 prompt.
func chatPrompt(turns []invoke.Turn) string {
	var b strings.Builder
	for i, t := range turns {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch t.Role {
		case "user":
			b.WriteString(userLabel + " ")
		case "assistant":
			b.WriteString(assistantLabel + " ")
		}
		b.WriteString(t.Text)
	}
	if n := len(turns); n == 0 || turns[n-1].Role != "assistant" {
		if n > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(assistantLabel)
	}
	return b.String()
}
