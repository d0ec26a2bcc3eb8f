package anthropic

import (
	"slices"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// messages translates messages into the system prompt and alternating
// turns.
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
		err = b.blockTurns()
	}
	if err != nil {
		return err
	}
	turns := b.out.Messages
	if len(turns) == 0 {
		return translate.BadRequest("messages", "messages contain no content")
	}
	if turns[0].Role == "assistant" && b.opts.UserContinueMessage != "" {
		// The Messages API wants a user turn first.
		turns = append(turns, turn{})
		copy(turns[1:], turns)
		turns[0] = turn{Role: "user", Content: []block{{Type: "text", Text: b.opts.UserContinueMessage}}}
		b.out.Messages = turns
	}
	trimPrefill(&turns[len(turns)-1])
	b.setSystem()
	return nil
}

// blockTurns translates the messages of a Claude 3 or later request.
func (b *builder) blockTurns() *translate.Error {
	msgs := b.req.Messages
	b.out.Messages = make([]turn, 0, len(msgs)+1)
	for i := range msgs {
		m := &msgs[i]
		var err *translate.Error
		switch m.Role {
		case "system", "developer":
			err = b.systemMessage(i, m)
		case "user":
			err = b.contentMessage(i, m, "user")
		case "assistant":
			err = b.assistantMessage(i, m)
		case "tool":
			err = b.toolMessage(i, m)
		default: // DecodeContent admits no other role
			err = translate.BadRequest(translate.MessageParam(i)+".role", "%s: unsupported role %q", translate.MessageParam(i), m.Role)
		}
		if err != nil {
			return err
		}
	}
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

func (b *builder) systemMessage(i int, m *translate.Message) *translate.Error {
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

// contentMessage adds a user or assistant message's content as role.
func (b *builder) contentMessage(i int, m *translate.Message, role string) *translate.Error {
	before := b.blocks
	if err := b.content(i, m, role); err != nil {
		return err
	}
	if m.CacheControl != nil && b.blocks > before {
		b.cacheLast(m.CacheControl)
	}
	return nil
}

func (b *builder) content(i int, m *translate.Message, role string) *translate.Error {
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			b.add(role, block{Type: "text", Text: m.Content.Text})
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
		b.add(role, x)
	}
	return nil
}

// assistantMessage adds thinking blocks, content and tool calls, in that
// order: signed thinking must lead the turn for Claude to go on using
// tools while thinking. reasoning_content (a bare string) is not decoded
// at all: without a signature Claude cannot take it back.
func (b *builder) assistantMessage(i int, m *translate.Message) *translate.Error {
	before := b.blocks
	if err := b.thinkingBlocks(i, m); err != nil {
		return err
	}
	if err := b.content(i, m, "assistant"); err != nil {
		return err
	}
	for j := range m.ToolCalls {
		tc := &m.ToolCalls[j]
		input, err := translate.ToolCallInput(i, j, tc.Function.Arguments)
		if err != nil {
			return err
		}
		b.add("assistant", block{Type: "tool_use", ID: b.fs.toolIDs.Upstream(tc.ID), Name: tc.Function.Name, Input: input})
		b.historyTool(tc.Function.Name)
	}
	if m.CacheControl != nil && b.blocks > before {
		b.cacheLast(m.CacheControl)
	}
	return nil
}

// thinkingBlocks sends back the signed thinking a client returns on an
// assistant message. A model that does not think cannot verify another
// model's: there they are dropped.
func (b *builder) thinkingBlocks(i int, m *translate.Message) *translate.Error {
	if len(m.ThinkingBlocks) == 0 {
		return nil
	}
	if !b.model.Thinking {
		b.drop("thinking_blocks")
		return nil
	}
	for k := range m.ThinkingBlocks {
		tb := &m.ThinkingBlocks[k]
		switch tb.Type {
		case "thinking":
			b.addThinking(block{Type: "thinking", Thinking: &tb.Thinking, Signature: tb.Signature})
		case "redacted_thinking":
			b.addThinking(block{Type: "redacted_thinking", Data: tb.Data})
		default:
			return translate.UnknownThinkingBlock(i, k, tb.Type)
		}
	}
	return nil
}

// toolMessage adds a tool result to the user turn that answers the tool
// calls. Its content stays text (also when it is JSON: text is what the
// client sent); parts may be text, images or documents. Blank output is
// sent as a result without content rather than as blank text, which
// Claude refuses.
func (b *builder) toolMessage(i int, m *translate.Message) *translate.Error {
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
	b.add("user", block{Type: "tool_result", ToolUseID: b.fs.toolIDs.Upstream(m.ToolCallID), Content: content})
	b.toolBlocks = true
	if m.CacheControl != nil {
		b.cacheLast(m.CacheControl)
	}
	return nil
}

// historyTool notes a tool name the history calls.
func (b *builder) historyTool(name string) {
	b.toolBlocks = true
	if !slices.Contains(b.historyTools, name) {
		b.historyTools = append(b.historyTools, name)
	}
}
