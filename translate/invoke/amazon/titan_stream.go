package amazon

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Chunks reads {"outputText","index","totalOutputTextTokenCount",
// "completionReason","inputTextTokenCount"} chunks: text in each, the
// completionReason in the last.
func (Titan) Chunks(st *invoke.State) invoke.ChunkReader {
	return &titanChunks{chat: !st.Text}
}

// titanChunks is one streaming Titan answer. For a chat it trims the
// answer as Answer does, chunk by chunk: leading whitespace is dropped,
// and whitespace at a chunk's end is held until text follows it, so it
// is dropped if the answer ends there.
type titanChunks struct {
	chat    bool
	started bool   // text other than whitespace was sent
	held    []byte // whitespace that may be the answer's last
	text    []byte // scratch: the chunk's text, unquoted
	out     []byte // scratch: held whitespace and the text after it

	prompt     int
	havePrompt bool
}

func (r *titanChunks) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	m, ok := jsonw.ObjectMembers(chunk)
	if !ok {
		return unreadable("Titan chunk")
	}
	var text, reason, in, out []byte
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "outputText"):
			text = v
		case jsonw.KeyIs(k, "completionReason"):
			reason = v
		case jsonw.KeyIs(k, "inputTextTokenCount"):
			in = v
		case jsonw.KeyIs(k, "totalOutputTextTokenCount"):
			out = v
		}
	}
	if text != nil && !jsonw.IsNull(text) {
		if !jsonw.IsString(text) {
			return unreadable("Titan chunk")
		}
		r.send(w, text)
	}
	if in != nil && !jsonw.IsNull(in) {
		if r.prompt, r.havePrompt = jsonw.Count(in); !r.havePrompt {
			return unreadable("Titan chunk")
		}
	}
	if reason == nil || jsonw.IsNull(reason) {
		return nil
	}
	if !jsonw.IsString(reason) {
		return unreadable("Titan chunk")
	}
	w.Finish(titanFinish(string(reason[1 : len(reason)-1])))
	// The last chunk's total is the answer's; without both counts
	// Bedrock's invocation metrics stand in.
	if n, ok := jsonw.Count(out); ok && r.havePrompt {
		w.Usage(translate.Usage{PromptTokens: r.prompt, CompletionTokens: n})
	}
	return nil
}

// send writes the text of the string literal lit.
func (r *titanChunks) send(w *translate.ChunkWriter, lit []byte) {
	s := jsonw.Unquoted(lit, &r.text)
	if !r.chat {
		w.Text(s)
		return
	}
	if !r.started {
		if s = bytes.TrimLeft(s, answerSpace); len(s) == 0 {
			return
		}
		r.started = true
	}
	end := len(bytes.TrimRight(s, answerSpace))
	if end == 0 {
		r.held = append(r.held, s...)
		return
	}
	if len(r.held) == 0 {
		w.Text(s[:end])
	} else {
		r.out = append(append(r.out[:0], r.held...), s[:end]...)
		w.Text(r.out)
	}
	r.held = append(r.held[:0], s[end:]...)
}
