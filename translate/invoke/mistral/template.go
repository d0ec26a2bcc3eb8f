package mistral

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Mistral's instruction template, as the model was trained on it (Mistral
// AI's tokenizer documentation; the AWS text completion examples):
//
//	<s>[INST] {system}\n\n{user} [/INST] {assistant}</s>[INST] {user} [/INST]
//
// The models have no system role: the system prompt leads the first user
// turn. A conversation that ends with an assistant turn leaves it open
// (no </s>), so the model continues that text.
const (
	bos       = "<s>"
	eos       = "</s>"
	instOpen  = "[INST] "
	instClose = "[/INST]"
)

// instPrompt renders text turns in the template. System turns, wherever
// they are, join into one system prompt, as Converse does with several
// system messages. Roles must alternate from a user turn: neighbours of
// one role left by a system turn between them are merged, and a
// conversation that opens with the assistant gets continueMsg (the
// model's user_continue_message), or an empty user turn, before it.
func instPrompt(turns []invoke.Turn, continueMsg string) string {
	var system []string
	conv := make([]invoke.Turn, 0, len(turns)+1)
	for _, t := range turns {
		switch {
		case t.Role == "system":
			system = append(system, t.Text)
		case len(conv) > 0 && conv[len(conv)-1].Role == t.Role:
			conv[len(conv)-1].Text += "\n\n" + t.Text
		default:
			conv = append(conv, t)
		}
	}
	if len(conv) == 0 || conv[0].Role != "user" {
		conv = append([]invoke.Turn{{Role: "user", Text: continueMsg}}, conv...)
	}
	if len(system) > 0 {
		conv[0].Text = joinNonEmpty(strings.Join(system, "\n\n"), conv[0].Text)
	}

	var b strings.Builder
	n := len(bos)
	for _, t := range conv {
		n += len(t.Text) + len(instOpen) + len(instClose) + len(eos)
	}
	b.Grow(n)
	b.WriteString(bos)
	for i, t := range conv {
		if t.Role == "user" {
			b.WriteString(instOpen)
			if t.Text != "" {
				b.WriteString(t.Text)
				b.WriteByte(' ')
			}
			b.WriteString(instClose)
			continue
		}
		b.WriteByte(' ')
		b.WriteString(t.Text)
		if i < len(conv)-1 {
			b.WriteString(eos)
		}
	}
	return b.String()
}

// joinNonEmpty joins a and b with a blank line, or returns the one that
// is not empty.
func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}
