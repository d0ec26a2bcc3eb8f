package turns

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate"

// Reader turns each kind of message into an API's blocks.
type Reader interface {
	// System reads a system or developer message: both APIs have one
	// system prompt, so each such message, wherever it is, adds to it in
	// order (as LiteLLM does).
	System(i int, m *translate.Message) *translate.Error
	// Content reads a user or assistant message's content as role.
	Content(i int, m *translate.Message, role string) *translate.Error
	// Assistant reads an assistant message: reasoning, content, tool calls.
	Assistant(i int, m *translate.Message) *translate.Error
	// ToolResult reads a tool message.
	ToolResult(i int, m *translate.Message) *translate.Error
}

// Read hands each message to r by its role.
func Read(msgs []translate.Message, r Reader) *translate.Error {
	for i := range msgs {
		m := &msgs[i]
		var err *translate.Error
		switch m.Role {
		case "system", "developer":
			err = r.System(i, m)
		case "user":
			err = r.Content(i, m, "user")
		case "assistant":
			err = r.Assistant(i, m)
		case "tool":
			err = r.ToolResult(i, m)
		default: // translate.DecodeContent admits no other role
			err = translate.BadRequest(translate.MessageParam(i)+".role", "%s: unsupported role %q", translate.MessageParam(i), m.Role)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ToolCalls adds the tool calls of assistant message i, each as block
// makes it of the call and its arguments as a JSON object.
func (b *Builder[B]) ToolCalls(i int, m *translate.Message, block func(tc *translate.ToolCall, input []byte) B) *translate.Error {
	for j := range m.ToolCalls {
		tc := &m.ToolCalls[j]
		input, err := translate.ToolCallInput(i, j, tc.Function.Arguments)
		if err != nil {
			return err
		}
		b.AddToolCall(tc.Function.Name, block(tc, input))
	}
	return nil
}

// Reasoning adds the thinking blocks a client returns on assistant
// message i, each as block makes it, leading the turn: signed reasoning
// must come first for Claude to go on using tools while thinking.
func (b *Builder[B]) Reasoning(i int, m *translate.Message, block func(tb *translate.ThinkingBlock) B) *translate.Error {
	for k := range m.ThinkingBlocks {
		tb := &m.ThinkingBlocks[k]
		if tb.Type != "thinking" && tb.Type != "redacted_thinking" {
			return translate.UnknownThinkingBlock(i, k, tb.Type)
		}
		b.AddReasoning(block(tb))
	}
	return nil
}

// Assistant adds assistant message i's blocks in the order a thinking
// model needs them: its thinking blocks first, when thinks (a model that
// does not think cannot verify another model's thinking: the caller
// reports them dropped), then its content, as content adds it, then its
// tool calls. added says whether the message added any block, for a
// cache point after them.
func (b *Builder[B]) Assistant(i int, m *translate.Message, thinks bool, reasoning func(*translate.ThinkingBlock) B,
	content func() *translate.Error, toolUse func(*translate.ToolCall, []byte) B) (added bool, err *translate.Error) {
	before := b.Blocks
	if thinks {
		if err := b.Reasoning(i, m, reasoning); err != nil {
			return false, err
		}
	}
	if err := content(); err != nil {
		return false, err
	}
	if err := b.ToolCalls(i, m, toolUse); err != nil {
		return false, err
	}
	return b.Blocks > before, nil
}
