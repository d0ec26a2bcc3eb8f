package familytest

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Build parses body as a text completion when text, else as a chat, and
// translates it with f; a body that does not parse fails the test.
func Build(tb testing.TB, f invoke.Family, body []byte, text bool, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	tb.Helper()
	if text {
		req, err := translate.ParseTextRequest(body)
		if err != nil {
			tb.Fatalf("parse: %v", err)
		}
		return f.Text(req, opts)
	}
	req, err := translate.ParseChatRequest(body)
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return f.Chat(req, opts)
}
