package cohere

import (
	"slices"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Chunks reads Command R's stream of events, one a chunk:
// {"event_type": "stream-start", "generation_id"}, "text-generation"
// {"text"}, "tool-calls-chunk" {"text"} or {"tool_call_delta": {"index",
// "name", "parameters"}}, "tool-calls-generation" {"text", "tool_calls"},
// and "stream-end" {"finish_reason", "response": {..., "meta"}}. Citation
// and search events say nothing a chat completion carries.
func (commandR) Chunks(st *invoke.State) invoke.ChunkReader {
	cs := chatStateOf(st)
	return &chatReader{st: cs}
}

// chatReader reads one Command R stream. A text event allocates nothing
// once its buffers have grown.
//
// OpenAI streams one tool call after another, and the chunk writer
// sends argument fragments to the call started last; Cohere may stream
// several calls' deltas interleaved. So the first call's deltas go out as
// they come, and the others' are kept and go out whole when the calls are
// complete (tool-calls-generation, or at the latest stream-end). A stream
// without deltas sends each call whole from tool-calls-generation.
type chatReader struct {
	st         *chatState
	generation []byte // generation_id, for tool-call ids
	text       []byte // scratch: unquoted text
	said       bool   // some text went out
	calls      []streamCall
	sent       bool // every tool call went out
	ncalls     int
	done       bool
}

// streamCall is a tool call read from deltas.
type streamCall struct {
	index   int
	name    []byte
	args    []byte
	started bool // its first fragment went out
	out     int  // bytes of args that went out
}

// event is what one chunk says.
type event struct {
	typ, text, generation, delta, calls, reason, response []byte
}

func (r *chatReader) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	var e event
	if !readEvent(chunk, &e) {
		return unreadable("stream event")
	}
	if r.done {
		return nil
	}
	switch {
	case jsonw.KeyIs(e.typ, "stream-start"):
		r.generation = jsonw.AppendUnquoted(r.generation[:0], e.generation)
	case jsonw.KeyIs(e.typ, "text-generation"):
		r.say(w, e.text)
	case jsonw.KeyIs(e.typ, "tool-calls-chunk"):
		r.say(w, e.text)
		if e.delta != nil && !r.delta(w, e.delta) {
			return unreadable("tool call delta")
		}
	case jsonw.KeyIs(e.typ, "tool-calls-generation"):
		if !r.said {
			r.say(w, e.text)
		}
		if !r.complete(w, e.calls) {
			return unreadable("tool calls")
		}
	case jsonw.KeyIs(e.typ, "stream-end"):
		return r.end(w, &e)
	}
	return nil
}

// say sends text, a raw string literal or nil.
func (r *chatReader) say(w *translate.ChunkWriter, lit []byte) {
	if len(lit) <= 2 {
		return
	}
	w.Text(jsonw.Unquoted(lit, &r.text))
	r.said = true
}

// delta reads {"index", "name", "parameters", "text"}.
func (r *chatReader) delta(w *translate.ChunkWriter, d []byte) bool {
	var index, name, params, text []byte
	m, ok := jsonw.ObjectMembers(d)
	if !ok {
		return false
	}
	for k, v, more := m.Next(); more; k, v, more = m.Next() {
		switch {
		case jsonw.KeyIs(k, "index"):
			index = v
		case jsonw.KeyIs(k, "name"):
			name = v
		case jsonw.KeyIs(k, "parameters"):
			params = v
		case jsonw.KeyIs(k, "text"):
			text = v
		}
	}
	for _, s := range [...]*[]byte{&name, &params, &text} {
		switch {
		case *s == nil:
		case jsonw.IsNull(*s):
			*s = nil
		case !jsonw.IsString(*s):
			return false
		}
	}
	r.say(w, text)
	if index == nil {
		return name == nil && params == nil
	}
	i, ok := jsonw.Count(index)
	if !ok || r.sent {
		return ok
	}
	c := r.call(i)
	if name != nil {
		c.name = jsonw.AppendUnquoted(c.name[:0], name)
	}
	c.args = jsonw.AppendUnquoted(c.args, params)
	if c == &r.calls[0] {
		r.pump(w, c)
	}
	return true
}

// call returns the call of index i, kept from its first delta on.
func (r *chatReader) call(i int) *streamCall {
	for k := range r.calls {
		if r.calls[k].index == i {
			return &r.calls[k]
		}
	}
	r.calls = append(r.calls, streamCall{index: i})
	return &r.calls[len(r.calls)-1]
}

// pump sends what is new of c: its start, once it has a name, and the
// arguments that came since.
func (r *chatReader) pump(w *translate.ChunkWriter, c *streamCall) {
	if !c.started {
		if len(c.name) == 0 {
			return
		}
		c.started = true
		r.ncalls++
		w.ToolCall(toolCallID(r.generation, c.index), r.st.clientName(c.name))
	}
	if c.out < len(c.args) {
		w.ToolArgs(c.args[c.out:])
		c.out = len(c.args)
	}
}

// complete sends the tool calls that have not gone out: the kept
// deltas', or, when none came, the calls of tool-calls-generation,
// [{"name", "parameters"}], nil when that event has none.
func (r *chatReader) complete(w *translate.ChunkWriter, calls []byte) bool {
	if r.sent {
		return true
	}
	if len(r.calls) > 0 {
		r.flush(w)
		return true
	}
	if calls == nil {
		return true
	}
	items, ok := jsonw.ArrayItems(calls)
	if !ok {
		return false
	}
	r.sent = true
	for i := 0; ; i++ {
		call, more := items.Next()
		if !more {
			return true
		}
		name, _ := jsonw.Lookup(call, "name")
		params, _ := jsonw.Lookup(call, "parameters")
		if !jsonw.IsString(name) || params != nil && !jsonw.IsObject(params) && !jsonw.IsNull(params) {
			return false
		}
		r.text = jsonw.AppendUnquoted(r.text[:0], name)
		w.ToolCall(toolCallID(r.generation, i), r.st.clientName(r.text))
		r.ncalls++
		if params == nil || jsonw.IsNull(params) {
			params = []byte("{}")
		}
		r.text = jsonw.AppendCompact(r.text[:0], params)
		w.ToolArgs(r.text)
	}
}

// flush sends the calls kept from deltas: the rest of the first, then
// the others whole, in the order of their indexes.
func (r *chatReader) flush(w *translate.ChunkWriter) {
	r.sent = true
	r.pump(w, &r.calls[0])
	rest := r.calls[1:]
	slices.SortFunc(rest, func(a, b streamCall) int { return a.index - b.index })
	for k := range rest {
		r.pump(w, &rest[k])
	}
}

// end reads stream-end: the usage in response.meta, and the finish.
func (r *chatReader) end(w *translate.ChunkWriter, e *event) *translate.Error {
	r.done = true
	if len(r.calls) > 0 && !r.sent {
		r.flush(w)
	}
	reason := e.reason
	if reason == nil {
		reason, _ = jsonw.Lookup(e.response, "finish_reason")
	}
	if u, ok := streamUsage(e.response); ok {
		w.Usage(u)
	}
	r.text = jsonw.AppendUnquoted(r.text[:0], reason)
	finish, ok := finishReason(string(r.text))
	if !ok {
		return modelFailed()
	}
	if finish == "stop" && r.ncalls > 0 {
		finish = "tool_calls"
	}
	w.Finish(finish)
	return nil
}

// streamUsage reads response.meta's billed_units, else its tokens.
func streamUsage(response []byte) (translate.Usage, bool) {
	m, ok := jsonw.Lookup(response, "meta")
	if !ok {
		return translate.Usage{}, false
	}
	for _, key := range [...]string{"billed_units", "tokens"} {
		units, ok := jsonw.Lookup(m, key)
		if !ok {
			continue
		}
		in, okIn := jsonw.Lookup(units, "input_tokens")
		out, okOut := jsonw.Lookup(units, "output_tokens")
		nIn, okIn := count(in, okIn)
		nOut, okOut := count(out, okOut)
		if okIn && okOut {
			return translate.Usage{PromptTokens: nIn, CompletionTokens: nOut}, true
		}
	}
	return translate.Usage{}, false
}

// count reads a token count, which Cohere may write as 12 or 12.0.
func count(v []byte, ok bool) (int, bool) {
	if !ok {
		return 0, false
	}
	if n := len(v); n > 2 && string(v[n-2:]) == ".0" {
		v = v[:n-2]
	}
	return jsonw.Count(v)
}

// readEvent reads the members of an event the reader needs, checking
// their types. It reports false for a chunk that is not an object or
// says them in other types.
func readEvent(obj []byte, e *event) bool {
	m, ok := jsonw.ObjectMembers(obj)
	if !ok {
		return false
	}
	for k, v, more := m.Next(); more; k, v, more = m.Next() {
		var p *[]byte
		want := jsonw.IsString
		switch {
		case jsonw.KeyIs(k, "event_type"):
			p = &e.typ
		case jsonw.KeyIs(k, "text"):
			p = &e.text
		case jsonw.KeyIs(k, "generation_id"):
			p = &e.generation
		case jsonw.KeyIs(k, "finish_reason"):
			p = &e.reason
		case jsonw.KeyIs(k, "tool_call_delta"):
			p, want = &e.delta, jsonw.IsObject
		case jsonw.KeyIs(k, "response"):
			p, want = &e.response, jsonw.IsObject
		case jsonw.KeyIs(k, "tool_calls"):
			p, want = &e.calls, isArray
		default:
			continue
		}
		switch {
		case jsonw.IsNull(v):
		case !want(v):
			return false
		default:
			*p = v
		}
	}
	return true
}

func isArray(v []byte) bool { return len(v) > 0 && v[0] == '[' }
