package anthropic

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// textOnlyName names Claude 2.x and Instant in errors about what they
// cannot take.
const textOnlyName = "Claude 2 and Claude Instant"

// textTurns translates the messages of a Claude 2.x or Instant request:
// text only, by invoke.TextTurns, which refuses images, documents, tool
// calls and tool results with a 400 naming where they are, or leaves them
// out with drop_params. Thinking blocks and cache_control, which these
// models know nothing of, are dropped.
func (b *builder) textTurns() *translate.Error {
	turns, dropped, err := invoke.TextTurns(b.req, textOnlyName, b.opts.DropParams)
	if err != nil {
		return err
	}
	for _, d := range dropped {
		b.drop(d)
	}
	for i := range b.req.Messages {
		m := &b.req.Messages[i]
		if len(m.ThinkingBlocks) > 0 {
			b.drop("thinking_blocks")
		}
		if m.CacheControl != nil {
			b.drop("cache_control")
		}
		for j := range m.Content.Parts {
			if m.Content.Parts[j].CacheControl != nil {
				b.drop("cache_control")
			}
		}
	}
	b.turns.Turns = make([]turn, 0, len(turns)+1)
	for _, t := range turns {
		if translate.IsBlank(t.Text) {
			continue
		}
		if t.Role == "system" {
			// One string: the form these models surely take.
			if len(b.system) == 0 {
				b.system = append(b.system, block{Type: "text", Text: t.Text})
			} else {
				b.system[0].Text += "\n\n" + t.Text
			}
			continue
		}
		b.turns.Add(t.Role, block{Type: "text", Text: t.Text})
	}
	return nil
}
