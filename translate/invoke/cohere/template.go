package cohere

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Command completes a prompt and Cohere publishes no chat template for
// it, so the gateway writes a chat the way Cohere's own chat models name
// the speakers, one turn a paragraph:
//
//	System: You answer in French.
//
//	User: Hello
//
//	Chatbot: Bonjour !
//
//	User: How are you?
//
//	Chatbot:
//
// The cue at the end is left open for the model. A conversation that
// ends with an assistant turn has no cue: the model continues that turn,
// which is how a client prefills an answer.
const (
	systemLabel = "System: "
	userLabel   = "User: "
	botLabel    = "Chatbot:"
)

// chatPrompt writes turns as Command's prompt. cue reports whether it
// ends with the open Chatbot: cue, after which the model's first token
// brings its own space.
func chatPrompt(turns []invoke.Turn) (prompt string, cue bool) {
	var b strings.Builder
	n := len(botLabel) + 2
	for _, t := range turns {
		n += len(t.Text) + len(systemLabel) + 2
	}
	b.Grow(n)
	for i, t := range turns {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch t.Role {
		case "system":
			b.WriteString(systemLabel)
		case "assistant":
			b.WriteString(botLabel)
			b.WriteByte(' ')
		default:
			b.WriteString(userLabel)
		}
		b.WriteString(t.Text)
	}
	if n := len(turns); n > 0 && turns[n-1].Role == "assistant" {
		return b.String(), false
	}
	if len(turns) > 0 {
		b.WriteString("\n\n")
	}
	b.WriteString(botLabel)
	return b.String(), true
}
