package deepseek

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama"
)

// DeepSeek's special tokens. The bars are U+FF5C (fullwidth vertical
// line) and the underscores U+2581 (lower one eighth block), as in the
// model's tokenizer: ASCII look-alikes would be read as plain text.
const (
	bos          = "<｜begin▁of▁sentence｜>"
	eos          = "<｜end▁of▁sentence｜>"
	userTag      = "<｜User｜>"
	assistantTag = "<｜Assistant｜>"
	thinkOpen    = "<think>"
	thinkClose   = "</think>"
)

// prompt writes a conversation in DeepSeek R1's chat template
// (tokenizer_config.json of deepseek-ai/DeepSeek-R1): the system prompt
// right after the start token, then each user turn after <｜User｜> and
// each answer after <｜Assistant｜>, closed by the end token. Answers in
// the history lose their reasoning, up to the last </think>, as the
// template drops it. The prompt ends with <｜Assistant｜><think> and a
// line break, the generation prompt of the template and of AWS's
// InvokeModel example, so the model starts by reasoning; a conversation
// that ends with an answer leaves that answer open instead (a prefill).
// thinking reports whether the model goes on inside a <think> block.
func prompt(turns []invoke.Turn) (p string, thinking bool) {
	system, dialog := llama.SplitSystem(turns)
	var b strings.Builder
	b.Grow(llama.PromptSize(turns) + len(system))
	b.WriteString(bos)
	b.WriteString(system)
	for i, t := range dialog {
		if t.Role != "assistant" {
			b.WriteString(userTag)
			b.WriteString(t.Text)
			continue
		}
		b.WriteString(assistantTag)
		if i == len(dialog)-1 {
			b.WriteString(t.Text)
			return b.String(), openThink(t.Text)
		}
		if _, answer, ok := cutLast(t.Text, thinkClose); ok {
			t.Text = answer
		}
		b.WriteString(t.Text)
		b.WriteString(eos)
	}
	b.WriteString(assistantTag)
	b.WriteString(thinkOpen)
	b.WriteByte('\n')
	return b.String(), true
}

// openThink reports whether a prefill leaves a <think> block open.
func openThink(prefill string) bool {
	open := strings.LastIndex(prefill, thinkOpen)
	return open >= 0 && !strings.Contains(prefill[open:], thinkClose)
}

// cutLast slices s around the last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
