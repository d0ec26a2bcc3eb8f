package translate

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// What a ChunkWriter says: each delta in a chunk of its own.

// Text sends answer text.
func (w *ChunkWriter) Text(s []byte) {
	if len(s) == 0 || w.finished || w.Ended() {
		return
	}
	w.begin()
	if !w.st.Text {
		w.out = append(w.out, `"content":`...)
	}
	w.out = jsonw.AppendStringBytes(w.out, s)
	w.end("")
}

// Reasoning sends reasoning text, as reasoning_content. A text completion
// has no place for it and leaves it out.
func (w *ChunkWriter) Reasoning(s []byte) {
	if len(s) == 0 || w.st.Text || w.finished || w.Ended() {
		return
	}
	w.begin()
	w.out = append(w.out, `"reasoning_content":`...)
	start := len(w.out)
	w.out = jsonw.AppendStringBytes(w.out, s)
	end := len(w.out)
	w.out = append(w.out, `,"thinking_blocks":[{"type":"thinking","thinking":`...)
	// The same JSON string again: copied rather than encoded twice.
	w.out = append(w.out, w.out[start:end]...)
	w.out = append(w.out, "}]"...)
	w.end("")
}

// Signature sends the signature that closes a thinking block, which a
// client returns with the block so tool use can go on thinking.
func (w *ChunkWriter) Signature(sig string) {
	w.thinkingBlock(`"thinking_blocks":[{"type":"thinking","thinking":"","signature":`, sig)
}

// RedactedThinking sends an encrypted thinking block as it came.
func (w *ChunkWriter) RedactedThinking(data string) {
	w.thinkingBlock(`"thinking_blocks":[{"type":"redacted_thinking","data":`, data)
}

// thinkingBlock sends a thinking block of one string member: open is the
// delta up to the member's value.
func (w *ChunkWriter) thinkingBlock(open, value string) {
	if value == "" || w.st.Text || w.finished || w.Ended() {
		return
	}
	w.begin()
	w.out = append(w.out, open...)
	w.out = AppendString(w.out, value)
	w.out = append(w.out, "}]"...)
	w.end("")
}

// ToolCall starts a tool call and returns its index, -1 if none was
// started: its id and name go out in its first fragment, as OpenAI
// streams them.
func (w *ChunkWriter) ToolCall(id, name string) int {
	if w.st.Text || w.finished || w.Ended() {
		return -1
	}
	w.tools++
	w.begin()
	w.out = append(w.out, `"tool_calls":[{"index":`...)
	w.out = strconv.AppendInt(w.out, int64(w.tools-1), 10)
	w.out = append(w.out, `,"id":`...)
	w.out = AppendString(w.out, id)
	w.out = append(w.out, `,"type":"function","function":{"name":`...)
	w.out = AppendString(w.out, name)
	w.out = append(w.out, `,"arguments":""}}]`...)
	w.end("")
	return w.tools - 1
}

// ToolArgs sends a fragment of the last started tool call's arguments.
func (w *ChunkWriter) ToolArgs(fragment []byte) { w.ToolArgsTo(w.tools-1, fragment) }

// ToolArgsTo sends a fragment of the arguments of the tool call ToolCall
// numbered call, for upstreams that name the call each fragment is for.
func (w *ChunkWriter) ToolArgsTo(call int, fragment []byte) {
	if len(fragment) == 0 || call < 0 || call >= w.tools || w.st.Text || w.finished || w.Ended() {
		return
	}
	w.begin()
	w.out = append(w.out, `"tool_calls":[{"index":`...)
	w.out = strconv.AppendInt(w.out, int64(call), 10)
	w.out = append(w.out, `,"function":{"arguments":`...)
	w.out = jsonw.AppendStringBytes(w.out, fragment)
	w.out = append(w.out, "}}]"...)
	w.end("")
}

// Finish ends the answer with an OpenAI finish_reason (stop, length,
// tool_calls, content_filter), in a chunk of its own. What follows is
// only usage.
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
