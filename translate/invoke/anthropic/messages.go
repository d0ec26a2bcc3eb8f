package anthropic

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/turns"
)

// messages translates messages into the system prompt and alternating
// turns (see turns.Builder, which merges them).
//
//   - system and developer messages become the system prompt, wherever
//     they appear: the Messages API has one, so later ones are appended
//     in order (as LiteLLM does).
//   - tool messages become tool_result blocks of a user turn; consecutive
//     tool messages, and a user message after them, share that turn.
//   - blank text (empty or whitespace only) is dropped, since Claude
//     refuses it; a message left with nothing adds no turn, so its
//     neighbours merge and roles still alternate.
//   - a last assistant turn is sent as it is: Claude continues it
//     (prefill).
func (b *builder) messages() *translate.Error {
	var err *translate.Error
	if b.model.textOnly {
		err = b.textTurns()
	} else {
		b.turns.Turns = make([]turn, 0, len(b.req.Messages)+1)
		err = turns.Read(b.req.Messages, b)
	}
	if err != nil {
		return err
	}
	// The Messages API wants a user turn first.
	last, err := b.turns.Done(b.opts.UserContinueMessage != "", block{Type: "text", Text: b.opts.UserContinueMessage})
	if err != nil {
		return err
	}
	trimPrefill(last)
	b.out.Messages = b.turns.Turns
	b.setSystem()
	return nil
}

// setSystem sets the system prompt: a string when it is one block without
// cache_control (the form every Claude model takes), else the blocks.
func (b *builder) setSystem() {
	switch {
	case len(b.system) == 0:
	case len(b.system) == 1 && b.system[0].CacheControl == nil:
		b.out.System = b.system[0].Text
	default:
		b.out.System = b.system
	}
}

// trimPrefill removes trailing whitespace from a final assistant turn:
// Claude refuses a prefill that ends with whitespace, and continues the
// text the same way without it.
func trimPrefill(t *turn) {
	if t.Role != "assistant" || len(t.Content) == 0 {
		return
	}
	if x := &t.Content[len(t.Content)-1]; x.Type == "text" {
		x.Text = strings.TrimRight(x.Text, " \t\r\n")
	}
}

// System adds a system or developer message's text to the system prompt.
func (b *builder) System(i int, m *translate.Message) *translate.Error {
	before := len(b.system)
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			b.system = append(b.system, block{Type: "text", Text: m.Content.Text})
		}
	} else {
		for j := range m.Content.Parts {
			p := &m.Content.Parts[j]
			if p.Type != "text" {
				return translate.BadRequest(translate.PartParam(i, j)+".type", "%s.type: system messages may contain only text parts, got %q", translate.PartParam(i, j), p.Type)
			}
			if !translate.IsBlank(p.Text) {
				b.system = append(b.system, block{Type: "text", Text: p.Text, CacheControl: b.cache(p.CacheControl)})
			}
		}
	}
	if m.CacheControl != nil && len(b.system) > before {
		if cc := b.cache(m.CacheControl); cc != nil {
			b.system[len(b.system)-1].CacheControl = cc
		}
	}
	return nil
}

// Content adds a user or assistant message's content as role.
func (b *builder) Content(i int, m *translate.Message, role string) *translate.Error {
	before := b.turns.Blocks
	if err := b.content(i, m, role); err != nil {
		return err
	}
	if m.CacheControl != nil && b.turns.Blocks > before {
		b.cacheLast(m.CacheControl)
	}
	return nil
}

// content adds a message's text, image and document parts as role; a
// part's cache_control goes on its block.
func (b *builder) content(i int, m *translate.Message, role string) *translate.Error {
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			b.turns.Add(role, block{Type: "text", Text: m.Content.Text})
		}
		return nil
	}
	for j := range m.Content.Parts {
		p := &m.Content.Parts[j]
		var x block
		switch p.Type {
		case "text":
			if translate.IsBlank(p.Text) {
				continue
			}
			x = block{Type: "text", Text: p.Text}
		case "image_url", "file":
			var keep bool
			var err *translate.Error
			if x, keep, err = b.media(i, j, p); err != nil {
				return err
			} else if !keep {
				continue
			}
		default:
			return translate.UnknownPart(i, j, p.Type)
		}
		x.CacheControl = b.cache(p.CacheControl)
		b.turns.Add(role, x)
	}
	return nil
}

// Assistant adds thinking blocks, content and tool calls, in that order:
// signed thinking must lead the turn for Claude to go on using tools
// while thinking. reasoning_content (a bare string) is not decoded at
// all: without a signature Claude cannot take it back.
func (b *builder) Assistant(i int, m *translate.Message) *translate.Error {
	thinks := b.model.Thinking
	if len(m.ThinkingBlocks) > 0 && !thinks {
		// A model that does not think cannot verify another model's
		// thinking.
		b.drop("thinking_blocks")
	}
	added, err := b.turns.Assistant(i, m, thinks, thinkingBlock,
		func() *translate.Error { return b.content(i, m, "assistant") }, b.toolUse)
	if added && m.CacheControl != nil {
		b.cacheLast(m.CacheControl)
	}
	return err
}

// thinkingBlock is a thinking block sent back as it came.
func thinkingBlock(tb *translate.ThinkingBlock) block {
	if tb.Type == "redacted_thinking" {
		return block{Type: "redacted_thinking", Data: tb.Data}
	}
	return block{Type: "thinking", Thinking: &tb.Thinking, Signature: tb.Signature}
}

// toolUse is a tool call sent back as tool_use, under the id Claude knows.
func (b *builder) toolUse(tc *translate.ToolCall, input []byte) block {
	return block{Type: "tool_use", ID: b.fs.toolIDs.Upstream(tc.ID), Name: tc.Function.Name, Input: input}
}

// ToolResult adds a tool result to the user turn that answers the tool
// calls. Its content stays text (also when it is JSON: text is what the
// client sent); parts may be text, images or documents. Blank output is
// sent as a result without content rather than as blank text, which
// Claude refuses.
func (b *builder) ToolResult(i int, m *translate.Message) *translate.Error {
	var content []block
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			content = []block{{Type: "text", Text: m.Content.Text}}
		}
	} else {
		for j := range m.Content.Parts {
			p := &m.Content.Parts[j]
			switch p.Type {
			case "text":
				if !translate.IsBlank(p.Text) {
					content = append(content, block{Type: "text", Text: p.Text})
				}
			case "image_url", "file":
				x, keep, err := b.media(i, j, p)
				if err != nil {
					return err
				}
				if keep {
					content = append(content, x)
				}
			default:
				return translate.UnknownPart(i, j, p.Type)
			}
		}
	}
	b.turns.AddToolResult(block{Type: "tool_result", ToolUseID: b.fs.toolIDs.Upstream(m.ToolCallID), Content: content})
	if m.CacheControl != nil {
		b.cacheLast(m.CacheControl)
	}
	return nil
}
