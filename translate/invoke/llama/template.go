package llama

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// template writes a conversation as a prompt in one model generation's
// chat format. userFirst is the text of the user turn a format that must
// start with one gets when the conversation starts with the assistant.
type template interface {
	prompt(turns []invoke.Turn, userFirst string) string
}

// templateFor picks the template of the model a line names: Llama 2 for
// meta.llama2 IDs, Llama 4 for meta.llama4, and Llama 3's, which 3.1,
// 3.2 and 3.3 share, for everything else, imported models' ARNs included.
func templateFor(modelID string) template {
	id := bedrockruntime.BaseModelID(modelID)
	switch {
	case strings.HasPrefix(id, "meta.llama2"):
		return llama2{}
	case strings.HasPrefix(id, "meta.llama4"):
		return llama4
	}
	return llama3
}

// headers is the format of Llama 3 and 4 (https://www.llama.com/docs/model-cards-and-prompt-formats/):
// each turn is a role between header tokens, a blank line and the text
// trimmed, as Meta's reference code trims it; the prompt ends with an open
// assistant header for the model to answer in. A conversation that ends
// with an assistant turn leaves it open instead (a prefill: the model
// goes on from there). The two generations differ only in the tokens.
type headers struct {
	start, end, eot string
}

var (
	llama3 = headers{start: "<|start_header_id|>", end: "<|end_header_id|>", eot: "<|eot_id|>"}
	llama4 = headers{start: "<|header_start|>", end: "<|header_end|>", eot: "<|eot|>"}
)

func (h headers) prompt(turns []invoke.Turn, _ string) string {
	var b strings.Builder
	b.Grow(PromptSize(turns))
	b.WriteString("<|begin_of_text|>")
	for i, t := range turns {
		h.header(&b, t.Role)
		b.WriteString(strings.TrimSpace(t.Text))
		if i == len(turns)-1 && t.Role == "assistant" {
			return b.String()
		}
		b.WriteString(h.eot)
	}
	h.header(&b, "assistant")
	return b.String()
}

func (h headers) header(b *strings.Builder, role string) {
	b.WriteString(h.start)
	b.WriteString(role)
	b.WriteString(h.end)
	b.WriteString("\n\n")
}

// llama2 is Llama 2 Chat's format, as Meta's reference code builds it:
// each user turn and the answer to it are "<s>[INST] user [/INST] answer </s>",
// and the system prompt goes into the first user turn between <<SYS>>
// lines. It has one place for a system prompt, so every system message
// goes there; it starts with a user turn, so a conversation that starts
// with the assistant gets userFirst before it. The last user turn is left
// open for the answer, or the last answer for the model to go on with.
type llama2 struct{}

func (llama2) prompt(turns []invoke.Turn, userFirst string) string {
	system, dialog := SplitSystem(turns)
	if len(dialog) == 0 || dialog[0].Role == "assistant" {
		dialog = append([]invoke.Turn{{Role: "user", Text: userFirst}}, dialog...)
	}
	var b strings.Builder
	b.Grow(PromptSize(turns) + len(userFirst))
	for i := 0; i < len(dialog); i += 2 {
		b.WriteString("<s>[INST] ")
		if i == 0 && system != "" {
			b.WriteString("<<SYS>>\n")
			b.WriteString(system)
			b.WriteString("\n<</SYS>>\n\n")
		}
		b.WriteString(strings.TrimSpace(dialog[i].Text))
		b.WriteString(" [/INST]")
		if i+1 == len(dialog) {
			break
		}
		b.WriteByte(' ')
		b.WriteString(strings.TrimSpace(dialog[i+1].Text))
		if i+2 < len(dialog) {
			b.WriteString(" </s>")
		}
	}
	return b.String()
}

// PromptSize guesses the length of a prompt made of turns, so that it is
// built in one allocation: the texts, and room for each turn's tokens.
func PromptSize(turns []invoke.Turn) int {
	n := 64
	for _, t := range turns {
		n += len(t.Text) + 48
	}
	return n
}
