package ai21

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// A Jurassic-2 answer is {"id","prompt":{"text","tokens":[...]},
// "completions":[{"data":{"text","tokens":[...]},"finishReason":
// {"reason",...}}]}. Bedrock sends no token counts in it: they are the
// lengths of the token arrays.

// j2Read is what the gateway reads from a Jurassic-2 answer.
type j2Read struct {
	text   []byte
	reason []byte
	usage  translate.Usage
}

// read reads a Jurassic-2 answer's first completion, its text unquoted
// into text's storage.
func readJ2(body, text []byte) (a j2Read, ok bool) {
	top, ok := jsonw.ObjectMembers(body)
	if !ok {
		return a, false
	}
	found := false
	for k, v, ok := top.Next(); ok; k, v, ok = top.Next() {
		switch {
		case jsonw.KeyIs(k, "prompt"):
			tokens, _ := jsonw.Lookup(v, "tokens")
			a.usage.PromptTokens = count(tokens)
		case jsonw.KeyIs(k, "completions"):
			items, ok := jsonw.ArrayItems(v)
			if !ok {
				return a, false
			}
			c, ok := items.Next()
			if !ok {
				return a, false
			}
			data, _ := jsonw.Lookup(c, "data")
			t, ok := jsonw.Lookup(data, "text")
			if !ok || !jsonw.IsString(t) {
				return a, false
			}
			a.text = jsonw.AppendUnquoted(text[:0], t)
			tokens, _ := jsonw.Lookup(data, "tokens")
			a.usage.CompletionTokens = count(tokens)
			fr, _ := jsonw.Lookup(c, "finishReason")
			if r, ok := jsonw.Lookup(fr, "reason"); ok && jsonw.IsString(r) {
				a.reason = r[1 : len(r)-1]
			}
			found = true
		}
	}
	return a, found
}

// count is the number of elements of an array, 0 for anything else.
func count(arr []byte) int {
	items, ok := jsonw.ArrayItems(arr)
	n := 0
	for _, more := items.Next(); ok && more; _, more = items.Next() {
		n++
	}
	return n
}

// answerText trims what the chat template, not the model, put in text.
func (s *j2State) answerText(text []byte) []byte {
	if s == nil || !s.chat {
		return text
	}
	text = bytes.TrimSuffix(text, []byte(turnStop))
	if !s.prefill {
		text = bytes.TrimLeft(text, " \t\r\n")
	}
	return text
}

// Answer reads a Jurassic-2 answer.
func (J2) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	if !jsonw.Valid(body) {
		return unreadable("an AI21 Jurassic-2 answer")
	}
	r, ok := readJ2(body, nil)
	if !ok {
		return unreadable("an AI21 Jurassic-2 answer")
	}
	js, _ := st.Family.(*j2State)
	a.Text = string(js.answerText(r.text))
	a.Finish = j2Finish(string(r.reason))
	a.Usage = r.usage
	return nil
}

// Chunks returns a reader that takes each chunk for a whole Jurassic-2
// answer. Bedrock does not stream Jurassic-2 (Chat refuses streams), but
// a backend that replays a whole answer as one chunk, or a Bedrock that
// one day streams it, is read right.
func (J2) Chunks(st *invoke.State) invoke.ChunkReader {
	js, _ := st.Family.(*j2State)
	return &j2Chunks{st: js, text: make([]byte, 0, 512)}
}

// j2Chunks reads whole answers as chunks. One per answer.
type j2Chunks struct {
	st   *j2State
	text []byte
}

// Chunk reads one whole answer; a second one makes no sense.
func (r *j2Chunks) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	a, ok := readJ2(chunk, r.text)
	if !ok || w.Finished() {
		return unreadable("an AI21 Jurassic-2 chunk")
	}
	r.text = a.text
	w.Text(r.st.answerText(a.text))
	w.Finish(j2Finish(string(a.reason)))
	w.Usage(a.usage)
	return nil
}
