package mistral

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// chunkReader reads the chunks of one streaming answer. A prompt model
// streams {"outputs":[{"text","stop_reason"}]}; a chat model streams
// {"choices":[{"index","message":{"role","content","tool_calls"},
// "stop_reason"}]}, each chunk a piece of the message ("delta" in
// Mistral's own API shape, read the same). The last chunk has the
// stop_reason and Bedrock's invocation metrics, which invoke.Stream
// reads. Text is handed over without allocating: unquoted into a scratch
// buffer only when it has escapes.
type chunkReader struct {
	st   *state
	text []byte // scratch for unquoting

	// trim drops the whitespace a prompt model's chat answer starts with,
	// until the first text; a text completion keeps it.
	trim bool

	calls    int  // the client's tool calls started
	jsonCall bool // the last call started is the JSON tool: its arguments are content
	jsonUsed bool
	// filtered: a Bedrock guardrail replaced the answer; its finish is
	// content_filter.
	filtered bool
}

// Chunk reads one chunk.
func (r *chunkReader) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	env, ok := readEnvelope(chunk)
	r.filtered = r.filtered || env.filtered
	switch {
	case !ok:
	case env.outputs != nil:
		ok = r.outputs(env.outputs, w)
	case env.choices != nil:
		ok = r.choices(env.choices, w)
	}
	if !ok {
		return unreadable("chunk")
	}
	if env.usage != nil && !jsonw.IsNull(env.usage) {
		u, ok := readUsage(env.usage)
		if !ok {
			return unreadable("chunk")
		}
		w.Usage(u)
	}
	return nil
}

// outputs reads a prompt model's chunk.
func (r *chunkReader) outputs(outputs []byte, w *translate.ChunkWriter) bool {
	items, ok := jsonw.ArrayItems(outputs)
	if !ok {
		return false
	}
	for it, ok := items.Next(); ok; it, ok = items.Next() {
		m, ok := jsonw.ObjectMembers(it)
		if !ok {
			return false
		}
		var text, reason []byte
		for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
			switch {
			case jsonw.KeyIs(k, "text"):
				text = v
			case jsonw.KeyIs(k, "stop_reason"):
				reason = v
			}
		}
		switch {
		case jsonw.IsString(text):
			s := jsonw.Unquoted(text, &r.text)
			if r.trim {
				// The space the model puts after [/INST] is the
				// template's, not the answer's.
				if s = bytes.TrimLeft(s, " \n"); len(s) > 0 {
					r.trim = false
				}
			}
			w.Text(s)
		case text != nil && !jsonw.IsNull(text):
			return false
		}
		if !r.finish(reason, w) {
			return false
		}
	}
	return true
}

// choices reads a chat model's chunk. A chunk with no choice says
// nothing.
func (r *chunkReader) choices(choices []byte, w *translate.ChunkWriter) bool {
	c, _, ok := readChoice(choices)
	return ok && r.content(c.content, w) && r.toolCalls(c.calls, w) && r.finish(c.reason, w)
}

// content sends a content value: a string, null, or text parts.
func (r *chunkReader) content(v []byte, w *translate.ChunkWriter) bool {
	switch {
	case v == nil || jsonw.IsNull(v):
		return true
	case jsonw.IsString(v):
		w.Text(jsonw.Unquoted(v, &r.text))
		return true
	}
	var ok bool
	r.text, ok = contentText(r.text[:0], v)
	w.Text(r.text)
	return ok
}

// toolCalls sends a chunk's tool calls. Mistral streams a call whole, id,
// name and arguments in one chunk; a fragment without an id continues
// the call before it.
func (r *chunkReader) toolCalls(v []byte, w *translate.ChunkWriter) bool {
	if v == nil || jsonw.IsNull(v) {
		return true
	}
	items, ok := jsonw.ArrayItems(v)
	if !ok {
		return false
	}
	for it, ok := items.Next(); ok; it, ok = items.Next() {
		id, _ := jsonw.Lookup(it, "id")
		fn, _ := jsonw.Lookup(it, "function")
		name, _ := jsonw.Lookup(fn, "name")
		args, _ := jsonw.Lookup(fn, "arguments")
		if id != nil && !jsonw.IsNull(id) {
			if !jsonw.IsString(id) || !jsonw.IsString(name) {
				return false
			}
			// Tool calls are rare: strings are fine here.
			n := string(jsonw.AppendUnquoted(nil, name))
			r.jsonCall = r.st.jsonTool && n == converse.JSONToolName
			if r.jsonCall {
				r.jsonUsed = true
			} else {
				r.calls++
				w.ToolCall(r.st.clientToolID(string(jsonw.AppendUnquoted(nil, id))), n)
			}
		}
		var frag []byte
		switch {
		case args == nil || jsonw.IsNull(args):
		case jsonw.IsString(args):
			frag = jsonw.Unquoted(args, &r.text)
		case jsonw.IsObject(args):
			r.text = jsonw.AppendCompact(r.text[:0], args)
			frag = r.text
		default:
			return false
		}
		if r.jsonCall {
			w.Text(frag)
		} else {
			w.ToolArgs(frag)
		}
	}
	return true
}

// finish sends the finish_reason a stop_reason says, once.
func (r *chunkReader) finish(reason []byte, w *translate.ChunkWriter) bool {
	switch {
	case reason == nil || jsonw.IsNull(reason):
	case !jsonw.IsString(reason):
		return false
	case r.filtered:
		w.Finish("content_filter")
	default:
		w.Finish(callsFinish(finishReason(string(jsonw.Unquoted(reason, &r.text))), r.calls, r.jsonUsed))
	}
	return true
}
