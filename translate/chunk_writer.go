package translate

import (
	"strconv"
)

// ChunkWriter turns what a stream says, read from an upstream's native
// format, into OpenAI's SSE chunks: chat.completion.chunk for a chat,
// text_completion for a text completion. A stream's reader calls its
// methods in the order the upstream says things; each appends complete
// events, which Take hands over. One per answer; not safe for concurrent
// use.
//
// The chunks are OpenAI's: a chat opens with a chunk of the assistant
// role and empty content, each delta has a chunk of its own, the
// finish_reason comes in one with an empty delta, and the usage, when the
// client asked for it, in a last chunk with empty choices.
type ChunkWriter struct {
	st  *Answering
	out []byte
	// head is `data: {"id":...,"object":...,"created":...,"model":...,"choices":[`.
	head []byte

	started  bool // the role chunk was sent (chat)
	tools    int  // tool calls started; the last one's index is tools-1
	finished bool
	usage    Usage
	haveUse  bool
	StreamEnd
}

// NewChunkWriter returns the writer of one streaming answer.
func NewChunkWriter(st *Answering, id string, created int64) *ChunkWriter {
	w := new(ChunkWriter)
	w.Init(st, id, created)
	return w
}

// Init readies w, a zero ChunkWriter, as NewChunkWriter does: a
// transcoder that holds its writer by value spares an allocation.
func (w *ChunkWriter) Init(st *Answering, id string, created int64) {
	w.st = st
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
}

// Start sends the chunk that opens a chat answer, the assistant role with
// empty content, as OpenAI's first chunk is. The answer's first chunk
// sends it if no one did: a reader whose upstream announces the message
// calls Start then, so that the client hears at once. A text completion
// has no role.
func (w *ChunkWriter) Start() {
	if w.started || w.st.Text || w.Ended() {
		return
	}
	w.started = true
	w.out = append(w.out, w.head...)
	w.out = append(w.out, `{"index":0,"delta":{"role":"assistant","content":""`...)
	w.end("")
}

// begin opens a chunk's one choice up to its delta's first member (chat)
// or its text value (text completion).
func (w *ChunkWriter) begin() {
	w.Start()
	w.out = append(w.out, w.head...)
	if w.st.Text {
		w.out = append(w.out, `{"index":0,"text":`...)
		return
	}
	w.out = append(w.out, `{"index":0,"delta":{`...)
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

// Into has w append to dst, until Out hands it back: a reader that
// writes into its caller's buffer spares copying each chunk, and w a
// buffer of its own. Between the two, only w may touch dst.
func (w *ChunkWriter) Into(dst []byte) { w.out = dst }

// Out returns the buffer Into lent, with what was written since, and
// lets go of it.
func (w *ChunkWriter) Out() []byte {
	out := w.out
	w.out = nil
	return out
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
