package amazon

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// titanPrompt renders chat turns the way AWS documents Titan's
// conversational prompt, "User: <prompt>\nBot:", one line pair a turn:
//
//	<system messages, joined by a blank line>
//
//	User: <user text>
//	Bot: <assistant text>
//	User: <user text>
//	Bot:
//
// Titan has no system role; its prompt guide puts instructions before
// the conversation, which is where system and developer messages go,
// wherever they stood. A final assistant turn is a prefill: the prompt
// ends with its text (trailing whitespace removed) for the model to
// continue, instead of with an empty "Bot:".
func titanPrompt(turns []invoke.Turn) (string, *translate.Error) {
	var system, talk strings.Builder
	last := ""
	for _, t := range turns {
		switch t.Role {
		case "system":
			if system.Len() > 0 {
				system.WriteString("\n\n")
			}
			system.WriteString(t.Text)
			continue
		case "assistant":
			talk.WriteString("Bot: ")
		default:
			talk.WriteString("User: ")
		}
		talk.WriteString(t.Text)
		talk.WriteByte('\n')
		last = t.Role
	}
	if last == "" {
		return "", translate.BadRequest("messages", "messages contain no user or assistant message: %s models answer a conversation", titanName)
	}
	var b strings.Builder
	b.Grow(system.Len() + talk.Len() + 8)
	if system.Len() > 0 {
		b.WriteString(system.String())
		b.WriteString("\n\n")
	}
	if last == "assistant" {
		b.WriteString(strings.TrimRight(talk.String(), " \t\r\n"))
	} else {
		b.WriteString(talk.String())
		b.WriteString("Bot:")
	}
	return b.String(), nil
}
