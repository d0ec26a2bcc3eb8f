package cohere

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// conversation lays OpenAI's messages out the way Command R takes them:
//
//   - system and developer messages, wherever they are, join the
//     preamble, which replaces Cohere's default one;
//   - the last user message is "message"; the turns before it are
//     chat_history, USER for user messages and CHATBOT for assistant
//     ones, with the tool calls they made;
//   - tool messages become tool results: {"call": {"name",
//     "parameters"}, "outputs": [...]}, the call read from the assistant
//     message whose tool_calls hold the tool_call_id (Cohere's calls have
//     no ids). Those that end the conversation go in tool_results with an
//     empty message, as Cohere's tool use wants them; earlier ones are
//     TOOL turns of the history.
//
// A conversation that ends with an assistant message has no message to
// send: Command R cannot continue a turn, so the model line's
// user_continue_message is sent, or the request is a 400.
type conversation struct {
	r     *request
	req   *translate.ChatRequest
	names *chatState

	preamble strings.Builder
	message  string
	// history and results are JSON arrays without their closing bracket,
	// nil when empty.
	history []byte
	results []byte
}

func (c *conversation) read() *translate.Error {
	msgs := c.req.Messages
	// end is where the history ends: before the last user message, or
	// before the tool messages that end the conversation.
	end := len(msgs)
	for end > 0 && msgs[end-1].Role == "tool" {
		end--
	}
	tail := end < len(msgs)
	if !tail {
		end = lastTurn(msgs)
		if end < 0 {
			return translate.BadRequest("messages", "the messages hold no user or assistant turn: %s models need one", c.r.spec.name)
		}
		if msgs[end].Role == "assistant" {
			if c.r.opts.UserContinueMessage == "" {
				return translate.BadRequest("messages", "%s models cannot continue an assistant message: end the messages with a user or tool message, or set user_continue_message on the model", c.r.spec.name)
			}
			c.message = c.r.opts.UserContinueMessage
			end++
		}
	}
	for i := 0; i < len(msgs); i++ {
		m := &msgs[i]
		switch {
		case m.Role == "system" || m.Role == "developer":
			if err := c.system(i, m); err != nil {
				return err
			}
		case i >= end && m.Role == "tool":
			if err := c.result(&c.results, i); err != nil {
				return err
			}
		case i == end:
			text, err := c.text(i, m)
			if err != nil {
				return err
			}
			c.message = text
		case m.Role == "tool":
			// Consecutive results are one TOOL turn.
			c.turn(`{"role":"TOOL","tool_results":[`)
			for ; i < end && msgs[i].Role == "tool"; i++ {
				if err := c.result(&c.history, i); err != nil {
					return err
				}
			}
			i--
			c.history = append(c.history, "]}"...)
		default:
			if err := c.chatTurn(i, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// lastTurn is the index of the last user or assistant message, or -1.
func lastTurn(msgs []translate.Message) int {
	for i := len(msgs) - 1; i >= 0; i-- {
		if r := msgs[i].Role; r == "user" || r == "assistant" {
			return i
		}
	}
	return -1
}

func (c *conversation) system(i int, m *translate.Message) *translate.Error {
	text, err := c.text(i, m)
	if err != nil || text == "" {
		return err
	}
	if c.preamble.Len() > 0 {
		c.preamble.WriteString("\n\n")
	}
	c.preamble.WriteString(text)
	return nil
}

// turn opens a turn of the history.
func (c *conversation) turn(open string) {
	if c.history == nil {
		c.history = append(make([]byte, 0, 1024), '[')
	} else {
		c.history = append(c.history, ',')
	}
	c.history = append(c.history, open...)
}

// chatTurn writes a user or assistant message as a USER or CHATBOT turn.
func (c *conversation) chatTurn(i int, m *translate.Message) *translate.Error {
	text, err := c.text(i, m)
	if err != nil {
		return err
	}
	if m.Role != "assistant" {
		c.turn(`{"role":"USER","message":`)
		c.history = jsonw.AppendString(c.history, text)
		c.history = append(c.history, '}')
		return nil
	}
	if len(m.ThinkingBlocks) > 0 {
		c.r.drop("thinking_blocks")
	}
	c.turn(`{"role":"CHATBOT","message":`)
	c.history = jsonw.AppendString(c.history, text)
	if len(m.ToolCalls) > 0 {
		c.history = append(c.history, `,"tool_calls":[`...)
		for j := range m.ToolCalls {
			if j > 0 {
				c.history = append(c.history, ',')
			}
			if c.history, err = c.call(c.history, i, j, &m.ToolCalls[j]); err != nil {
				return err
			}
		}
		c.history = append(c.history, ']')
	}
	c.history = append(c.history, '}')
	return nil
}

// call appends messages[i].tool_calls[j] as Cohere writes a tool call:
// {"name", "parameters"}.
func (c *conversation) call(dst []byte, i, j int, tc *translate.ToolCall) ([]byte, *translate.Error) {
	args, err := translate.ToolCallInput(i, j, tc.Function.Arguments)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `{"name":`...)
	dst = jsonw.AppendString(dst, c.names.cohereName(tc.Function.Name))
	dst = append(dst, `,"parameters":`...)
	dst = jsonw.AppendCompact(dst, args)
	return append(dst, '}'), nil
}

// result appends the tool message msgs[i] to a list of tool results.
func (c *conversation) result(dst *[]byte, i int) *translate.Error {
	m := &c.req.Messages[i]
	k, j := c.toolCall(i, m.ToolCallID)
	if k < 0 {
		param := "messages[" + strconv.Itoa(i) + "].tool_call_id"
		return translate.BadRequest(param, "%s: no assistant message before it has a tool call with id %q; %s models need the call a result answers", param, m.ToolCallID, c.r.spec.name)
	}
	text, err := c.text(i, m)
	if err != nil {
		return err
	}
	d := *dst
	switch {
	case d == nil:
		d = append(make([]byte, 0, 256+len(text)), '[')
	case d[len(d)-1] != '[':
		d = append(d, ',')
	}
	d = append(d, `{"call":`...)
	if d, err = c.call(d, k, j, &c.req.Messages[k].ToolCalls[j]); err != nil {
		return err
	}
	d = append(d, `,"outputs":[`...)
	if isObject(text) {
		d = jsonw.AppendCompact(d, []byte(strings.TrimSpace(text)))
	} else {
		d = append(d, `{"text":`...)
		d = jsonw.AppendString(d, text)
		d = append(d, '}')
	}
	*dst = append(d, "]}"...)
	return nil
}

// toolCall finds the call the tool message at i answers, in the nearest
// assistant message before it that made it (ids repeat across turns
// when a client numbers its calls): messages[k].tool_calls[j], or k < 0.
func (c *conversation) toolCall(i int, id string) (k, j int) {
	for k = i - 1; k >= 0; k-- {
		m := &c.req.Messages[k]
		for j = range m.ToolCalls {
			if m.ToolCalls[j].ID == id {
				return k, j
			}
		}
	}
	return -1, -1
}
