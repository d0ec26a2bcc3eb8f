// Package turns builds, from OpenAI's messages, the alternating user and
// assistant turns that Bedrock's Converse API and Anthropic's Messages API
// both take. What the two translations share lives here, with each API's
// content block as the type parameter; what differs (block shapes, how a
// prompt cache is marked, the system prompt) stays with each API.
package turns

import (
	"slices"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Turn is one turn; Role is "user" or "assistant".
type Turn[B any] struct {
	Role    string `json:"role"`
	Content []B    `json:"content"`
}

// Builder appends content blocks to turns. Consecutive content of one
// role lands in one turn, since both APIs want roles to alternate; a turn
// opens only when content arrives, so a message that translates to
// nothing (blank text) leaves no empty turn behind and its neighbours
// merge.
type Builder[B any] struct {
	Turns []Turn[B]
	// Blocks counts the blocks added, so a message or part knows whether
	// it produced any: a cache mark needs a block to follow or sit on.
	Blocks int
	// ToolBlocks is set when the history has tool calls or results;
	// HistoryTools lists the tool names its calls name.
	ToolBlocks   bool
	HistoryTools []string

	leading int // reasoning blocks leading the last turn
}

// Add appends x to the conversation as role.
func (b *Builder[B]) Add(role string, x B) {
	t := b.last(role)
	t.Content = append(t.Content, x)
	b.Blocks++
}

// AddReasoning adds a reasoning block to an assistant turn after the
// reasoning blocks already leading it: Anthropic wants them before any
// other content, also when two assistant messages are merged.
func (b *Builder[B]) AddReasoning(x B) {
	t := b.last("assistant")
	t.Content = slices.Insert(t.Content, b.leading, x)
	b.leading++
	b.Blocks++
}

// AddToolCall adds an assistant's tool call, and notes the tool's name.
func (b *Builder[B]) AddToolCall(name string, x B) {
	b.Add("assistant", x)
	b.ToolBlocks = true
	if !slices.Contains(b.HistoryTools, name) {
		b.HistoryTools = append(b.HistoryTools, name)
	}
}

// AddToolResult adds a tool result to the user turn that answers the
// calls: consecutive results, and a user message after them, share it.
func (b *Builder[B]) AddToolResult(x B) {
	b.Add("user", x)
	b.ToolBlocks = true
}

// LastBlock returns the last block of the last turn, nil if there is none.
func (b *Builder[B]) LastBlock() *B {
	if len(b.Turns) == 0 {
		return nil
	}
	t := &b.Turns[len(b.Turns)-1]
	if len(t.Content) == 0 {
		return nil
	}
	return &t.Content[len(t.Content)-1]
}

func (b *Builder[B]) last(role string) *Turn[B] {
	if n := len(b.Turns); n > 0 && b.Turns[n-1].Role == role {
		return &b.Turns[n-1]
	}
	b.Turns = append(b.Turns, Turn[B]{Role: role, Content: make([]B, 0, 4)})
	b.leading = 0
	return &b.Turns[len(b.Turns)-1]
}

// Done checks the conversation has a turn, and opens it with a user turn
// holding opening when it starts with the assistant's and opening is
// wanted (both APIs want a user turn first). It returns the last turn,
// which the model continues when it is the assistant's (prefill).
func (b *Builder[B]) Done(wantOpening bool, opening B) (*Turn[B], *translate.Error) {
	if len(b.Turns) == 0 {
		return nil, translate.BadRequest("messages", "messages contain no content")
	}
	if b.Turns[0].Role == "assistant" && wantOpening {
		b.Turns = slices.Insert(b.Turns, 0, Turn[B]{Role: "user", Content: []B{opening}})
	}
	return &b.Turns[len(b.Turns)-1], nil
}
