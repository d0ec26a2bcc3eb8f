package mistral

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"

// choice is what the first choice of a chat model's answer or chunk
// says. The models answer one choice.
type choice struct {
	content, calls []byte // the message's content and tool_calls
	reason         []byte // a string, or nil or null while the answer goes on
}

// readChoice reads the first of choices: the content and tool_calls of
// its message (its delta, in Mistral's own API shape), and its
// stop_reason (finish_reason in Mistral's own API; the first one set
// counts). found is false for an empty list; ok is false for anything
// that is not of that shape.
func readChoice(choices []byte) (c choice, found, ok bool) {
	items, ok := jsonw.ArrayItems(choices)
	if !ok {
		return c, false, false
	}
	first, found := items.Next()
	if !found {
		return c, false, true
	}
	m, ok := jsonw.ObjectMembers(first)
	if !ok {
		return c, true, false
	}
	var msg []byte
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "message"), jsonw.KeyIs(k, "delta"):
			msg = v
		case (jsonw.KeyIs(k, "stop_reason") || jsonw.KeyIs(k, "finish_reason")) && (c.reason == nil || jsonw.IsNull(c.reason)):
			c.reason = v
		}
	}
	if c.reason != nil && !jsonw.IsString(c.reason) && !jsonw.IsNull(c.reason) {
		return c, true, false
	}
	if msg == nil || jsonw.IsNull(msg) {
		return c, true, true
	}
	fields, ok := jsonw.ObjectMembers(msg)
	if !ok {
		return c, true, false
	}
	for k, v, ok := fields.Next(); ok; k, v, ok = fields.Next() {
		switch {
		case jsonw.KeyIs(k, "content"):
			c.content = v
		case jsonw.KeyIs(k, "tool_calls"):
			c.calls = v
		}
	}
	return c, true, true
}
