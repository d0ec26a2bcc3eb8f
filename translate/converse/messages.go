package converse

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/turns"
)

// messages translates messages into system blocks and alternating turns
// (see turns.Builder, which merges them).
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
	c.turns.Turns = make([]Message, 0, len(c.req.Messages)+1)
	if err := turns.Read(c.req.Messages, c); err != nil {
		return err
	}
	// The opening points into opts, which outlives the body's marshalling.
	last, err := c.turns.Done(c.opts.UserContinueMessage != "", ContentBlock{Text: &c.opts.UserContinueMessage})
	if err != nil {
		return err
	}
	trimPrefill(last)
	c.out.Messages = c.turns.Turns
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

// System adds a system or developer message's text to the system blocks.
func (c *builder) System(i int, m *translate.Message) *translate.Error {
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

// Content adds a user or assistant message's content as role.
func (c *builder) Content(i int, m *translate.Message, role string) *translate.Error {
	before := c.turns.Blocks
	if err := c.content(i, m, role); err != nil {
		return err
	}
	if m.CacheControl != nil && c.turns.Blocks > before {
		c.addCachePoint(role)
	}
	return nil
}

// content adds a message's text, image and document parts as role; a
// part's cache_control is a cachePoint after it.
func (c *builder) content(i int, m *translate.Message, role string) *translate.Error {
	if !m.Content.IsParts {
		if !translate.IsBlank(m.Content.Text) {
			// The block points into req: nothing is copied until marshalling.
			c.turns.Add(role, ContentBlock{Text: &m.Content.Text})
		}
		return nil
	}
	for j := range m.Content.Parts {
		p := &m.Content.Parts[j]
		before := c.turns.Blocks
		switch p.Type {
		case "text":
			if !translate.IsBlank(p.Text) {
				c.turns.Add(role, ContentBlock{Text: &p.Text})
			}
		case "image_url", "file":
			img, doc, err := c.media(i, j, p)
			if err != nil {
				return err
			}
			c.turns.Add(role, ContentBlock{Image: img, Document: doc})
		default:
			return translate.UnknownPart(i, j, p.Type)
		}
		if p.CacheControl != nil && c.turns.Blocks > before {
			c.addCachePoint(role)
		}
	}
	return nil
}

// Assistant adds reasoning blocks, content and tool calls, in that
// order: signed reasoning must lead the turn for Anthropic to accept tool
// use with thinking across turns. reasoning_content (a bare string) is not
// decoded at all: without a signature Bedrock cannot take it back.
func (c *builder) Assistant(i int, m *translate.Message) *translate.Error {
	thinks := c.opts.Model.Thinking
	if len(m.ThinkingBlocks) > 0 && !thinks {
		// Reasoning from another model's turn: this one cannot verify it.
		c.drop("thinking_blocks")
	}
	added, err := c.turns.Assistant(i, m, thinks, reasoningBlock,
		func() *translate.Error { return c.content(i, m, "assistant") }, c.toolUse)
	if added && m.CacheControl != nil {
		c.addCachePoint("assistant")
	}
	return err
}

// reasoningBlock is a thinking block sent back as reasoningContent.
func reasoningBlock(tb *translate.ThinkingBlock) ContentBlock {
	if tb.Type == "redacted_thinking" {
		return ContentBlock{ReasoningContent: &ReasoningContentBlock{RedactedContent: tb.Data}}
	}
	return ContentBlock{ReasoningContent: &ReasoningContentBlock{
		ReasoningText: &ReasoningText{Text: tb.Thinking, Signature: tb.Signature}}}
}

// toolUse is a tool call sent back as toolUse, under the id Bedrock knows.
func (c *builder) toolUse(tc *translate.ToolCall, input []byte) ContentBlock {
	return ContentBlock{ToolUse: &ToolUseBlock{ToolUseID: c.st.toolID(tc.ID), Name: tc.Function.Name, Input: input}}
}

// ToolResult adds a tool result to the user turn that answers the tool
// calls. Its content stays text (also when it is JSON: text is what the
// client sent); parts may be text, images or documents. Blank output is sent
// as an empty result: Bedrock refuses blank text, and an empty result says
// the same thing without inventing any.
func (c *builder) ToolResult(i int, m *translate.Message) *translate.Error {
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
	c.turns.AddToolResult(ContentBlock{ToolResult: &ToolResultBlock{
		ToolUseID: c.st.toolID(m.ToolCallID),
		Content:   content,
	}})
	if m.CacheControl != nil {
		c.addCachePoint("user")
	}
	return nil
}
