package ai21

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// jambaMessage is one message as Jamba takes it: string content, and on
// assistant and tool messages OpenAI's tool members.
type jambaMessage struct {
	role       string
	text       string
	toolCalls  []translate.ToolCall
	toolCallID string
}

// messages writes the messages member. System and developer messages are
// system messages; content parts are joined as text, and what Jamba
// cannot read (images, files) is a 400 naming it, or left out with
// drop_params. Consecutive text messages of one role are merged:
// Jamba-Instruct wants user and assistant turns to alternate.
func (b *jambaBuilder) messages() *translate.Error {
	msgs := make([]jambaMessage, 0, len(b.req.Messages))
	turns := 0 // user and assistant messages
	for i := range b.req.Messages {
		m, keep, err := b.message(i)
		if err != nil {
			return err
		}
		if !keep {
			continue
		}
		if m.role != "system" {
			turns++
		}
		if n := len(msgs); n > 0 && mergeable(&msgs[n-1], &m) {
			msgs[n-1].text += "\n\n" + m.text
			continue
		}
		msgs = append(msgs, m)
	}
	if turns == 0 {
		// Bedrock's own rule: at least one user or assistant message.
		return translate.BadRequest("messages", "%s need at least one user or assistant message", jambaName)
	}
	b.out.key("messages")
	b.out.b = append(b.out.b, '[')
	for i := range msgs {
		b.out.b = jsonw.AppendSep(b.out.b)
		b.out.b = appendJambaMessage(b.out.b, &msgs[i])
	}
	b.out.b = append(b.out.b, ']')
	return nil
}

// mergeable reports whether m can be appended to prev's text.
func mergeable(prev, m *jambaMessage) bool {
	return prev.role == m.role && m.role != "tool" && len(prev.toolCalls) == 0 && len(m.toolCalls) == 0
}

// message reads messages[i]; keep is false when it was dropped whole.
func (b *jambaBuilder) message(i int) (m jambaMessage, keep bool, err *translate.Error) {
	src := &b.req.Messages[i]
	param := "messages[" + strconv.Itoa(i) + "]"
	m.role = src.Role
	switch src.Role {
	case "system", "developer":
		m.role = "system"
	case "tool":
		if !b.tools {
			return m, false, b.notText(param, jambaInstructName, "tool results")
		}
		m.toolCallID = src.ToolCallID
	}
	if len(src.ToolCalls) > 0 {
		if b.tools {
			m.toolCalls = src.ToolCalls
		} else if err := b.notText(param+".tool_calls", jambaInstructName, "tool calls"); err != nil {
			return m, false, err
		}
	}
	m.text, err = b.text(param, &src.Content)
	return m, true, err
}

// text joins a message's text parts; other parts are refused or dropped.
func (b *jambaBuilder) text(param string, c *translate.Content) (string, *translate.Error) {
	if !c.IsParts {
		return c.Text, nil
	}
	var s strings.Builder
	for j, p := range c.Parts {
		if p.Type != "text" {
			if err := b.notText(param+".content["+strconv.Itoa(j)+"]", jambaName, p.Type+" parts"); err != nil {
				return "", err
			}
			continue
		}
		if s.Len() > 0 {
			s.WriteByte('\n')
		}
		s.WriteString(p.Text)
	}
	return s.String(), nil
}

func appendJambaMessage(dst []byte, m *jambaMessage) []byte {
	dst = append(dst, `{"role":`...)
	dst = jsonw.AppendString(dst, m.role)
	dst = append(dst, `,"content":`...)
	dst = jsonw.AppendString(dst, m.text)
	if m.toolCallID != "" {
		dst = append(dst, `,"tool_call_id":`...)
		dst = jsonw.AppendString(dst, m.toolCallID)
	}
	if len(m.toolCalls) > 0 {
		dst = append(dst, `,"tool_calls":[`...)
		for i, c := range m.toolCalls {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"id":`...)
			dst = jsonw.AppendString(dst, c.ID)
			dst = append(dst, `,"type":"function","function":{"name":`...)
			dst = jsonw.AppendString(dst, c.Function.Name)
			dst = append(dst, `,"arguments":`...)
			args := c.Function.Arguments
			if args == "" {
				args = "{}"
			}
			dst = jsonw.AppendString(dst, args)
			dst = append(dst, "}}"...)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}
