package translate

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// ChunkWriter turns what a stream says, read from an upstream's native
// format, into OpenAI's SSE chunks: chat.completion.chunk for a chat,
// text_completion for a text completion. A stream's reader calls its
// methods in the order the upstream says things; each appends complete
// events, which Take hands over. One per answer; not safe for concurrent
// use.
type ChunkWriter struct {
	st  *Answering
	out []byte
	// head is `data: {"id":...,"object":...,"created":...,"model":...,"choices":[`.
	head []byte

	started  bool // the assistant role was sent (chat)
	tools    int  // tool calls started; the last one's index is tools-1
	finished bool
	usage    Usage
	haveUse  bool
	StreamEnd
}

// NewChunkWriter returns the writer of one streaming answer.
func NewChunkWriter(st *Answering, id string, created int64) *ChunkWriter {
	w := &ChunkWriter{st: st}
	object := "chat.completion.chunk"
	if st.Text {
		object = "text_completion"
	}
	h := append(make([]byte, 0, 96+len(id)+len(st.Alias)), `data: {"id":`...)
	h = AppendString(h, id)
	h = append(h, `,"object":"`...)
	h = append(h, object...)
	h = append(h, `","created":`...)
	h = strconv.AppendInt(h, created, 10)
	h = append(h, `,"model":`...)
	h = AppendString(h, st.Alias)
	w.head = append(h, `,"choices":[`...)
	return w
}

// begin opens a chunk's one choice up to its delta (chat) or text (text
// completion) value.
func (w *ChunkWriter) begin() {
	w.out = append(w.out, w.head...)
	if w.st.Text {
		w.out = append(w.out, `{"index":0,"text":`...)
		return
	}
	w.out = append(w.out, `{"index":0,"delta":{`...)
	if !w.started {
		w.started = true
		w.out = append(w.out, `"role":"assistant"`...)
	}
}

// key appends a delta member's key, after a comma when the delta has a
// member already.
func (w *ChunkWriter) key(k string) {
	w.out = jsonw.AppendSep(w.out)
	w.out = append(w.out, k...)
}

// end closes a chunk opened by begin.
func (w *ChunkWriter) end(finish string) {
	if !w.st.Text {
		w.out = append(w.out, '}')
	}
	w.out = append(w.out, `,"logprobs":null,"finish_reason":`...)
	if finish == "" {
		w.out = append(w.out, "null"...)
	} else {
		w.out = AppendString(w.out, finish)
	}
	w.out = append(w.out, "}]}\n\n"...)
}

// Text sends answer text.
func (w *ChunkWriter) Text(s []byte) {
	if len(s) == 0 || w.finished || w.Ended() {
		return
	}
	w.begin()
	if !w.st.Text {
		w.key(`"content":`)
	}
	w.out = jsonw.AppendStringBytes(w.out, s)
	w.end("")
}

// Reasoning sends reasoning text, as reasoning_content. A text completion
// has no place for it and leaves it out.
func (w *ChunkWriter) Reasoning(s []byte) {
	if len(s) == 0 || w.st.Text || w.Ended() {
		return
	}
	w.begin()
	w.key(`"reasoning_content":`)
	w.out = jsonw.AppendStringBytes(w.out, s)
	w.out = append(w.out, `,"thinking_blocks":[{"type":"thinking","thinking":`...)
	w.out = jsonw.AppendStringBytes(w.out, s)
	w.out = append(w.out, "}]"...)
	w.end("")
}

// Signature sends the signature that closes a thinking block, which a
// client returns with the block so tool use can go on thinking.
func (w *ChunkWriter) Signature(sig string) {
	if sig == "" || w.st.Text || w.Ended() {
		return
	}
	w.begin()
	w.key(`"thinking_blocks":[{"type":"thinking","thinking":"","signature":`)
	w.out = AppendString(w.out, sig)
	w.out = append(w.out, "}]"...)
	w.end("")
}

// RedactedThinking sends an encrypted thinking block as it came.
func (w *ChunkWriter) RedactedThinking(data string) {
	if data == "" || w.st.Text || w.Ended() {
		return
	}
	w.begin()
	w.key(`"thinking_blocks":[{"type":"redacted_thinking","data":`)
	w.out = AppendString(w.out, data)
	w.out = append(w.out, "}]"...)
	w.end("")
}

// ToolCall starts a tool call: its id and name go out in its first
// fragment, as OpenAI streams them.
func (w *ChunkWriter) ToolCall(id, name string) {
	if w.st.Text || w.Ended() {
		return
	}
	w.tools++
	w.begin()
	w.key(`"tool_calls":[{"index":`)
	w.out = strconv.AppendInt(w.out, int64(w.tools-1), 10)
	w.out = append(w.out, `,"id":`...)
	w.out = AppendString(w.out, id)
	w.out = append(w.out, `,"type":"function","function":{"name":`...)
	w.out = AppendString(w.out, name)
	w.out = append(w.out, `,"arguments":""}}]`...)
	w.end("")
}

// ToolArgs sends a fragment of the last started tool call's arguments.
func (w *ChunkWriter) ToolArgs(fragment []byte) {
	if len(fragment) == 0 || w.tools == 0 || w.st.Text || w.finished || w.Ended() {
		return
	}
	w.begin()
	w.key(`"tool_calls":[{"index":`)
	w.out = strconv.AppendInt(w.out, int64(w.tools-1), 10)
	w.out = append(w.out, `,"function":{"arguments":`...)
	w.out = jsonw.AppendStringBytes(w.out, fragment)
	w.out = append(w.out, "}}]"...)
	w.end("")
}

// Finish ends the answer with an OpenAI finish_reason (stop, length,
// tool_calls, content_filter). What follows is only usage.
func (w *ChunkWriter) Finish(reason string) {
	if w.finished || w.Ended() {
		return
	}
	w.finished = true
	w.begin()
	if w.st.Text {
		w.out = append(w.out, `""`...)
	}
	w.end(reason)
}

// Replay says a whole answer, in the order a stream would have.
func (w *ChunkWriter) Replay(a *Answer) {
	for _, b := range a.Reasoning {
		if b.Type == "redacted_thinking" {
			w.RedactedThinking(b.Data)
			continue
		}
		w.Reasoning([]byte(b.Thinking))
		w.Signature(b.Signature)
	}
	w.Text([]byte(a.Text))
	for _, c := range a.ToolCalls {
		w.ToolCall(c.ID, c.Function.Name)
		w.ToolArgs([]byte(c.Function.Arguments))
	}
	finish := a.Finish
	if finish == "" {
		finish = "stop"
	}
	w.Finish(finish)
	w.Usage(a.Usage)
}

// Usage records the token counts the stream reported; a later report
// replaces an earlier one.
func (w *ChunkWriter) Usage(u Usage) {
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	w.usage, w.haveUse = u, true
}

// Used returns the usage the stream reported.
func (w *ChunkWriter) Used() Usage { return w.usage }

// Finished reports whether the answer has its finish_reason.
func (w *ChunkWriter) Finished() bool { return w.finished }

// Take hands over the bytes appended since the last Take, after dst.
func (w *ChunkWriter) Take(dst []byte) []byte {
	dst = append(dst, w.out...)
	w.out = w.out[:0]
	return dst
}

// Complete appends what follows the last chunk of an answer: the usage
// chunk when the client asked for it, then [DONE]; or, when the answer
// never got its finish_reason, an error event with cutOff: a cut-off
// answer must not pass for a whole one.
func (w *ChunkWriter) Complete(dst []byte, cutOff *Error) []byte {
	dst = w.Take(dst)
	if w.Ended() {
		return dst
	}
	if !w.finished {
		return w.Fail(dst, cutOff)
	}
	if w.st.IncludeUsage && w.haveUse {
		dst = append(dst, w.head[:len(w.head)-len(`"choices":[`)]...)
		dst = append(dst, `"choices":[],"usage":`...)
		dst = AppendUsage(dst, w.usage)
		dst = append(dst, "}\n\n"...)
	}
	return w.Done(dst)
}
