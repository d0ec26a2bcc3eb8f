package converse

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// messages translates messages into system blocks and alternating turns.
//
//   - system and developer messages become system blocks, wherever they
//     appear: Converse has one system prompt, so later ones are appended in
//     order (as LiteLLM does).
//   - tool messages become toolResult blocks of a user turn; consecutive
//     tool messages, and a user message after them, share that turn.
//   - blank text (empty or whitespace only) is dropped, since Bedrock
//     refuses it; a message left with nothing adds no turn, so its
//     neighbours merge and roles still alternate.
//   - a last assistant turn is sent as it is: Bedrock continues it (prefill).
func (c *builder) messages() *translate.Error {
	msgs := c.req.Messages
	c.out.Messages = make([]Message, 0, len(msgs)+1)
	for i := range msgs {
		m := &msgs[i]
		var err *translate.Error
		switch m.Role {
		case "system", "developer":
			err = c.systemMessage(i, m)
		case "user":
			err = c.contentMessage(i, m, "user")
		case "assistant":
			err = c.assistantMessage(i, m)
		case "tool":
			err = c.toolMessage(i, m)
		default: // translate.DecodeChatRequest admits no other role
			err = translate.BadRequest(translate.MessageParam(i)+".role", "%s: unsupported role %q", translate.MessageParam(i), m.Role)
		}
		if err != nil {
			return err
		}
	}
	turns := c.out.Messages
	if len(turns) == 0 {
		return translate.BadRequest("messages", "messages contain no content")
	}
	if turns[0].Role == "assistant" && c.opts.UserContinueMessage != "" {
		text := c.opts.UserContinueMessage
		turns = append(turns, Message{})
		copy(turns[1:], turns)
		turns[0] = Message{Role: "user", Content: []ContentBlock{{Text: &text}}}
		c.out.Messages = turns
	}
	trimPrefill(&turns[len(turns)-1])
	return nil
}

// trimPrefill removes trailing whitespace from a final assistant turn:
// Anthropic refuses a prefill that ends with whitespace, and the model
// continues the text the same way without it.
func trimPrefill(t *Message) {
	if t.Role != "assistant" {
		return
	}
	for i := len(t.Content) - 1; i >= 0; i-- {
		b := &t.Content[i]
		if b.CachePoint != nil {
			continue
		}
		if b.Text != nil {
			if s := strings.TrimRight(*b.Text, " \t\r\n"); len(s) != len(*b.Text) {
				b.Text = &s
			}
		}
		return
	}
}

func (c *builder) systemMessage(i int, m *translate.Message) *translate.Error {
	if c.out.System == nil {
		c.out.System = make([]SystemBlock, 0, 4) // room for a few parts and cache points
	}
	before := len(c.out.System)
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			c.out.System = append(c.out.System, SystemBlock{Text: m.Content.Text})
		}
	} else {
		for j := range m.Content.Parts {
			p := &m.Content.Parts[j]
			if p.Type != "text" {
				return translate.BadRequest(translate.PartParam(i, j)+".type", "%s.type: system messages may contain only text parts, got %q", translate.PartParam(i, j), p.Type)
			}
			if translate.IsBlank(p.Text) {
				continue
			}
			c.out.System = append(c.out.System, SystemBlock{Text: p.Text})
			if p.CacheControl != nil && c.cachePoints() {
				c.out.System = append(c.out.System, SystemBlock{CachePoint: defaultCachePoint})
			}
		}
	}
	if m.CacheControl != nil && len(c.out.System) > before && c.cachePoints() {
		c.out.System = append(c.out.System, SystemBlock{CachePoint: defaultCachePoint})
	}
	return nil
}

// contentMessage adds a user or assistant message's content as role.
func (c *builder) contentMessage(i int, m *translate.Message, role string) *translate.Error {
	before := c.blocks
	if err := c.content(i, m, role); err != nil {
		return err
	}
	if m.CacheControl != nil && c.blocks > before {
		c.addCachePoint(role)
	}
	return nil
}

func (c *builder) content(i int, m *translate.Message, role string) *translate.Error {
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			// The block points into req: nothing is copied until marshalling.
			c.add(role, ContentBlock{Text: &m.Content.Text})
		}
		return nil
	}
	for j := range m.Content.Parts {
		p := &m.Content.Parts[j]
		before := c.blocks
		switch p.Type {
		case "text":
			if !translate.IsBlank(p.Text) {
				c.add(role, ContentBlock{Text: &p.Text})
			}
		case "image_url", "file":
			img, doc, err := c.media(i, j, p)
			if err != nil {
				return err
			}
			c.add(role, ContentBlock{Image: img, Document: doc})
		default:
			return translate.UnknownPart(i, j, p.Type)
		}
		if p.CacheControl != nil && c.blocks > before {
			c.addCachePoint(role)
		}
	}
	return nil
}

// assistantMessage adds reasoning blocks, content and tool calls, in that
// order: signed reasoning must lead the turn for Anthropic to accept tool
// use with thinking across turns. reasoning_content (a bare string) is not
// decoded at all: without a signature Bedrock cannot take it back.
func (c *builder) assistantMessage(i int, m *translate.Message) *translate.Error {
	before := c.blocks
	if len(m.ThinkingBlocks) > 0 {
		if !c.opts.Model.Thinking {
			// Reasoning from another model's turn: this one cannot verify it.
			c.drop("thinking_blocks")
		} else {
			for k := range m.ThinkingBlocks {
				tb := &m.ThinkingBlocks[k]
				var rc ReasoningContentBlock
				switch tb.Type {
				case "thinking":
					rc.ReasoningText = &ReasoningText{Text: tb.Thinking, Signature: tb.Signature}
				case "redacted_thinking":
					rc.RedactedContent = tb.Data
				default:
					return translate.UnknownThinkingBlock(i, k, tb.Type)
				}
				c.addReasoning(ContentBlock{ReasoningContent: &rc})
			}
		}
	}
	if err := c.content(i, m, "assistant"); err != nil {
		return err
	}
	for j := range m.ToolCalls {
		tc := &m.ToolCalls[j]
		input, err := translate.ToolCallInput(i, j, tc.Function.Arguments)
		if err != nil {
			return err
		}
		c.add("assistant", ContentBlock{ToolUse: &ToolUseBlock{
			ToolUseID: c.st.toolID(tc.ID),
			Name:      tc.Function.Name,
			Input:     input,
		}})
		c.historyTool(tc.Function.Name)
	}
	if m.CacheControl != nil && c.blocks > before {
		c.addCachePoint("assistant")
	}
	return nil
}

// toolMessage adds a tool result to the user turn that answers the tool
// calls. Its content stays text (also when it is JSON: text is what the
// client sent); parts may be text, images or documents. Blank output is sent
// as an empty result: Bedrock refuses blank text, and an empty result says
// the same thing without inventing any.
func (c *builder) toolMessage(i int, m *translate.Message) *translate.Error {
	content := []ToolResultContent{}
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			content = append(content, ToolResultContent{Text: &m.Content.Text})
		}
	} else {
		for j := range m.Content.Parts {
			p := &m.Content.Parts[j]
			switch p.Type {
			case "text":
				if !translate.IsBlank(p.Text) {
					content = append(content, ToolResultContent{Text: &p.Text})
				}
			case "image_url", "file":
				img, doc, err := c.media(i, j, p)
				if err != nil {
					return err
				}
				content = append(content, ToolResultContent{Image: img, Document: doc})
			default:
				return translate.UnknownPart(i, j, p.Type)
			}
		}
	}
	c.add("user", ContentBlock{ToolResult: &ToolResultBlock{
		ToolUseID: c.st.toolID(m.ToolCallID),
		Content:   content,
	}})
	c.toolBlocks = true
	if m.CacheControl != nil {
		c.addCachePoint("user")
	}
	return nil
}

// historyTool notes a tool name the history calls.
func (c *builder) historyTool(name string) {
	c.toolBlocks = true
	for _, n := range c.historyTools {
		if n == name {
			return
		}
	}
	c.historyTools = append(c.historyTools, name)
}
