package translate

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// A text completion (POST /v1/completions) sent to an upstream that only
// chats goes as a chat request of one user message; these rewrite the
// chat answer, whole or streamed, as the text completion the client asked
// for: each choice's content becomes its text, the rest stays.

// TextFromChat rewrites a chat.completion answer as a text_completion.
func TextFromChat(dst, chat []byte) ([]byte, *Error) {
	obj, ok := jsonw.ObjectMembers(chat)
	if !ok || !jsonw.Valid(chat) {
		return dst, BadUpstream("the upstream's answer could not be read")
	}
	return appendAsText(dst, obj, "message"), nil
}

// appendAsText appends a chat answer or chunk, obj, as a text
// completion's: each choice's text is the content of its member from
// ("message" or "delta"); the other members stay.
func appendAsText(dst []byte, obj jsonw.Members, from string) []byte {
	dst = append(dst, '{')
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		dst = jsonw.AppendKey(dst, k)
		switch {
		case jsonw.KeyIs(k, "object"):
			dst = append(dst, `"text_completion"`...)
		case jsonw.KeyIs(k, "choices"):
			dst = appendTextChoices(dst, v, from)
		default:
			dst = append(dst, v...)
		}
	}
	return append(dst, '}')
}

// appendTextChoices appends choices with each one's message (or delta)
// content as its text; reasoning, tool calls and roles have no place in
// a text completion.
func appendTextChoices(dst, choices []byte, content string) []byte {
	items, ok := jsonw.ArrayItems(choices)
	if !ok {
		return append(dst, choices...)
	}
	dst = append(dst, '[')
	for c, ok := items.Next(); ok; c, ok = items.Next() {
		dst = jsonw.AppendSep(dst)
		m, ok := jsonw.ObjectMembers(c)
		if !ok {
			dst = append(dst, c...)
			continue
		}
		dst = append(dst, `{"text":`...)
		text := []byte(`""`)
		if msg, ok := jsonw.Lookup(c, content); ok {
			if t, ok := jsonw.Lookup(msg, "content"); ok && jsonw.IsString(t) {
				text = t
			}
		}
		dst = append(dst, text...)
		for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
			if jsonw.KeyIs(k, content) {
				continue
			}
			dst = jsonw.AppendKey(dst, k)
			dst = append(dst, v...)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// TextChunks rewrites a chat stream's events as text_completion chunks:
// chunks with content or a finish_reason become text chunks, the usage
// chunk and [DONE] and error events pass as they are, and chunks that
// carry nothing a text completion has (the role, reasoning, tool calls)
// are left out.
func TextChunks(dst, events []byte) []byte {
	for len(events) > 0 {
		event, rest, _ := bytes.Cut(events, []byte("\n\n"))
		events = rest
		data, ok := bytes.CutPrefix(event, []byte("data: "))
		if !ok || !jsonw.IsObject(data) {
			if len(event) > 0 {
				dst = append(append(dst, event...), "\n\n"...)
			}
			continue
		}
		if _, isError := jsonw.Lookup(data, "error"); isError {
			dst = append(append(dst, event...), "\n\n"...)
			continue
		}
		choices, _ := jsonw.Lookup(data, "choices")
		if !carriesText(choices) {
			if _, hasUsage := jsonw.Lookup(data, "usage"); !hasUsage {
				continue
			}
		}
		dst = append(dst, "data: "...)
		dst = appendTextChunk(dst, data)
		dst = append(dst, "\n\n"...)
	}
	return dst
}

// carriesText reports whether a chunk's choices hold content or a
// finish_reason.
func carriesText(choices []byte) bool {
	items, ok := jsonw.ArrayItems(choices)
	if !ok {
		return false
	}
	for c, ok := items.Next(); ok; c, ok = items.Next() {
		if f, ok := jsonw.Lookup(c, "finish_reason"); ok && !jsonw.IsNull(f) {
			return true
		}
		if d, ok := jsonw.Lookup(c, "delta"); ok {
			if t, ok := jsonw.Lookup(d, "content"); ok && jsonw.IsString(t) && len(t) > 2 {
				return true
			}
		}
	}
	return false
}

func appendTextChunk(dst, data []byte) []byte {
	obj, _ := jsonw.ObjectMembers(data)
	return appendAsText(dst, obj, "delta")
}
