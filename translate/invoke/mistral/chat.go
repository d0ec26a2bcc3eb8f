package mistral

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// chatBody builds Mistral's chat body (AWS: Mistral AI chat completion):
// {"messages","tools","tool_choice","max_tokens","temperature","top_p",
// "stop"} and the model's own parameters.
func chatBody(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	b := newBuilder(opts, chatModels, textSize(req.Messages)+len(req.Member("tools")))
	b.st.IncludeUsage = req.IncludeUsage
	msgs, err := b.chatMessages(req.Messages)
	if err != nil {
		return nil, nil, err
	}
	b.key("messages")
	b.writeMessages(msgs)
	if err := b.tools(req); err != nil {
		return nil, nil, err
	}
	if err := b.sampling(req.MaxOutputTokens(), maxTokensParam(req), req.Temperature, req.TopP, req.Stop); err != nil {
		return nil, nil, err
	}
	if err := b.members(req.Members, chatOwn); err != nil {
		return nil, nil, err
	}
	return b.done()
}

// chatText sends a text completion to a chat model as one user message.
// The completion members a chat has no place for are refused first:
// TextRequest.Chat leaves them out.
func chatText(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	pre := &builder{opts: opts, st: &invoke.State{}, models: chatModels}
	for _, m := range req.Members {
		if (m.Key == "suffix" || m.Key == "logprobs") && !jsonw.IsNull(m.Value) && !asksNothing(m.Key, m.Value) {
			if err := pre.unsupported(m.Key); err != nil {
				return nil, nil, err
			}
		}
	}
	chat, err := req.Chat()
	if err != nil {
		return nil, nil, err
	}
	body, st, err := chatBody(chat, opts)
	if err != nil {
		return nil, nil, err
	}
	st.Text = true
	st.Dropped = append(pre.st.Dropped, st.Dropped...)
	return body, st, nil
}

// chatMessage is one message of the chat body.
type chatMessage struct {
	role, content string
	toolCallID    string
	calls         []translate.ToolCall
}

// chatMessages turns the request's messages into the chat body's. The
// models take text only: text parts are joined, and other parts are
// refused (or dropped with drop_params).
//
//   - system and developer messages join into one system message, first:
//     Mistral refuses a system message after the conversation started.
//   - consecutive user messages merge, as do assistant messages: the
//     models refuse two turns of one role in a row. Tool results stay one
//     message each.
//   - a conversation that opens with the assistant gets the model's
//     user_continue_message before it, when it has one.
//   - tool-call ids are mapped to ones Mistral accepts (toolid.go).
func (b *builder) chatMessages(in []translate.Message) ([]chatMessage, *translate.Error) {
	out := make([]chatMessage, 1, len(in)+2) // out[0]: the system message
	var system []string
	for i := range in {
		m := &in[i]
		text, err := b.text(i, m)
		if err != nil {
			return nil, err
		}
		switch m.Role {
		case "system", "developer":
			system = append(system, text)
			continue
		case "tool":
			out = append(out, chatMessage{role: "tool", content: text, toolCallID: b.fam.toolID(m.ToolCallID)})
			continue
		}
		calls := make([]translate.ToolCall, len(m.ToolCalls))
		for j, c := range m.ToolCalls {
			calls[j] = c
			calls[j].ID = b.fam.toolID(c.ID)
		}
		if last := &out[len(out)-1]; len(out) > 1 && last.role == m.Role {
			last.content = joinNonEmpty(last.content, text)
			last.calls = append(last.calls, calls...)
			continue
		}
		if len(out) == 1 && m.Role == "assistant" && b.opts.UserContinueMessage != "" {
			out = append(out, chatMessage{role: "user", content: b.opts.UserContinueMessage})
		}
		out = append(out, chatMessage{role: m.Role, content: text, calls: calls})
	}
	if len(system) == 0 {
		return out[1:], nil
	}
	out[0] = chatMessage{role: "system", content: strings.Join(system, "\n\n")}
	return out, nil
}

// textSize estimates the bytes the messages take in the body: their
// text, not their images, which are not sent.
func textSize(msgs []translate.Message) int {
	n := 0
	for i := range msgs {
		m := &msgs[i]
		n += len(m.Content.Text) + 32
		for j := range m.Content.Parts {
			n += len(m.Content.Parts[j].Text)
		}
		for j := range m.ToolCalls {
			n += len(m.ToolCalls[j].Function.Arguments) + 64
		}
	}
	return n
}

// text flattens a message's content to text: parts joined by a newline.
func (b *builder) text(i int, m *translate.Message) (string, *translate.Error) {
	if !m.Content.IsParts {
		return m.Content.Text, nil
	}
	var s strings.Builder
	for j := range m.Content.Parts {
		p := &m.Content.Parts[j]
		if p.Type == "text" {
			if s.Len() > 0 {
				s.WriteByte('\n')
			}
			s.WriteString(p.Text)
			continue
		}
		where := "messages[" + strconv.Itoa(i) + "].content[" + strconv.Itoa(j) + "]"
		if !b.opts.DropParams {
			e := translate.BadRequest(where, "%s models on Bedrock take text only: %s parts cannot be sent to them; remove them, or set drop_params on the model to leave them out", b.models, p.Type)
			e.Code = "unsupported_content"
			return "", e
		}
		b.drop(where)
	}
	return s.String(), nil
}

// writeMessages writes the messages array.
func (b *builder) writeMessages(msgs []chatMessage) {
	b.out = append(b.out, '[')
	for i := range msgs {
		m := &msgs[i]
		if i > 0 {
			b.out = append(b.out, ',')
		}
		b.out = append(b.out, `{"role":`...)
		b.out = jsonw.AppendString(b.out, m.role)
		b.out = append(b.out, `,"content":`...)
		b.out = jsonw.AppendString(b.out, m.content)
		if m.role == "tool" {
			b.out = append(b.out, `,"tool_call_id":`...)
			b.out = jsonw.AppendString(b.out, m.toolCallID)
		}
		if len(m.calls) > 0 {
			b.out = append(b.out, `,"tool_calls":[`...)
			for j, c := range m.calls {
				if j > 0 {
					b.out = append(b.out, ',')
				}
				args := c.Function.Arguments
				if strings.TrimSpace(args) == "" {
					args = "{}"
				}
				b.out = append(b.out, `{"id":`...)
				b.out = jsonw.AppendString(b.out, c.ID)
				b.out = append(b.out, `,"function":{"name":`...)
				b.out = jsonw.AppendString(b.out, c.Function.Name)
				b.out = append(b.out, `,"arguments":`...)
				b.out = jsonw.AppendString(b.out, args)
				b.out = append(b.out, "}}"...)
			}
			b.out = append(b.out, ']')
		}
		b.out = append(b.out, '}')
	}
	b.out = append(b.out, ']')
}
