package invoke

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Turn is one message reduced to text, for families whose body is a
// prompt or a plain list of text turns.
type Turn struct {
	// Role is system, user or assistant.
	Role string
	Text string
}

// TextTurns reads req's messages as text turns, for a family that takes
// text only (named in errors): system and developer messages become
// system turns; text parts are joined. What such a model cannot take
// (images, documents, tool calls and results) is a 400 naming where it
// is, or, with drop, left out and listed in dropped. Consecutive turns of
// one role are merged.
func TextTurns(req *translate.ChatRequest, family string, drop bool) (turns []Turn, dropped []string, err *translate.Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	for i := range req.Messages {
		m := &req.Messages[i]
		param := "messages[" + strconv.Itoa(i) + "]"
		role := m.Role
		switch role {
		case "system", "developer":
			role = "system"
		case "tool":
			if !drop {
				return nil, nil, notText(param, family, "tool results")
			}
			dropped = append(dropped, param)
			continue
		}
		if len(m.ToolCalls) > 0 {
			if !drop {
				return nil, nil, notText(param+".tool_calls", family, "tool calls")
			}
			dropped = append(dropped, param+".tool_calls")
		}
		var b strings.Builder
		b.WriteString(m.Content.Text)
		for j, p := range m.Content.Parts {
			switch p.Type {
			case "text":
				if b.Len() > 0 && j > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(p.Text)
			default:
				where := param + ".content[" + strconv.Itoa(j) + "]"
				if !drop {
					return nil, nil, notText(where, family, p.Type+" parts")
				}
				dropped = append(dropped, where)
			}
		}
		text := b.String()
		if n := len(turns); n > 0 && turns[n-1].Role == role {
			turns[n-1].Text += "\n\n" + text
			continue
		}
		turns = append(turns, Turn{Role: role, Text: text})
	}
	return turns, dropped, nil
}

// notText refuses what a text-only family cannot take.
func notText(param, family, what string) *translate.Error {
	e := translate.BadRequest(param, "%s models take text only: %s cannot be sent to them; remove them, or set drop_params on the model to leave them out", family, what)
	e.Code = "unsupported_content"
	return e
}

// MaxTokens is the request's max_completion_tokens, else max_tokens,
// else def.
func MaxTokens(req *translate.ChatRequest, def int) int {
	if n := req.MaxOutputTokens(); n != nil {
		return *n
	}
	return def
}
