package amazon

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Chunks reads Nova's chunks, each one ConverseStream event under its
// name: {"messageStart":{...}}, {"contentBlockStart":{...}},
// {"contentBlockDelta":{...}}, {"contentBlockStop":{...}},
// {"messageStop":{"stopReason"}}, {"metadata":{"usage"}}.
func (Nova) Chunks(st *invoke.State) invoke.ChunkReader {
	cst, _ := st.Family.(*converse.State)
	return &novaChunks{st: cst}
}

// novaChunks is one streaming Nova answer.
type novaChunks struct {
	st *converse.State // nil when the request was not built by Chat

	// blocks are the tool-use content blocks started, by index; the
	// last one's input deltas continue the last tool call.
	blocks []novaBlock
	text   []byte // scratch: a string's text, unquoted
}

// novaBlock is a tool-use content block: a client's tool call, or the
// response_format tool, whose input is the answer's content.
type novaBlock struct {
	index int
	json  bool
}

func (r *novaChunks) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	m, ok := jsonw.ObjectMembers(chunk)
	if !ok {
		return unreadable("Nova chunk")
	}
	for k, v, more := m.Next(); more; k, v, more = m.Next() {
		switch {
		case jsonw.KeyIs(k, "contentBlockDelta"):
			ok = r.delta(w, v)
		case jsonw.KeyIs(k, "contentBlockStart"):
			ok = r.start(w, v)
		case jsonw.KeyIs(k, "messageStop"):
			ok = r.stop(w, v)
		case jsonw.KeyIs(k, "metadata"):
			ok = r.metadata(w, v)
		}
		// messageStart, contentBlockStop and Bedrock's invocation metrics
		// say nothing a client needs; unknown events must not break the
		// stream.
		if !ok {
			return unreadable("Nova chunk")
		}
	}
	return nil
}

// start handles {"contentBlockIndex":N,"start":{"toolUse":{"toolUseId",
// "name"}}}; other starts carry nothing to send.
func (r *novaChunks) start(w *translate.ChunkWriter, v []byte) bool {
	start, _ := jsonw.Lookup(v, "start")
	toolUse, ok := jsonw.Lookup(start, "toolUse")
	if !ok {
		return true
	}
	index, _ := jsonw.Lookup(v, "contentBlockIndex")
	idx, ok := jsonw.Count(index)
	id, _ := jsonw.Lookup(toolUse, "toolUseId")
	name, _ := jsonw.Lookup(toolUse, "name")
	if !ok || !jsonw.IsString(id) || !jsonw.IsString(name) {
		return false
	}
	// Tool calls are rare: strings are fine here.
	tool := string(jsonw.AppendUnquoted(nil, name))
	formats := isJSONTool(r.st, tool)
	r.blocks = append(r.blocks, novaBlock{index: idx, json: formats})
	if !formats {
		w.ToolCall(clientToolID(r.st, string(jsonw.AppendUnquoted(nil, id))), tool)
	}
	return true
}

// delta handles {"contentBlockIndex":N,"delta":{...}} with text, a tool's
// input or reasoning; other deltas are ignored.
func (r *novaChunks) delta(w *translate.ChunkWriter, v []byte) bool {
	delta, _ := jsonw.Lookup(v, "delta")
	m, ok := jsonw.ObjectMembers(delta)
	if !ok {
		return false
	}
	for k, d, more := m.Next(); more; k, d, more = m.Next() {
		switch {
		case jsonw.KeyIs(k, "text"):
			if !jsonw.IsString(d) {
				return false
			}
			w.Text(jsonw.Unquoted(d, &r.text))
		case jsonw.KeyIs(k, "toolUse"):
			input, _ := jsonw.Lookup(d, "input")
			if !jsonw.IsString(input) {
				return false
			}
			index, _ := jsonw.Lookup(v, "contentBlockIndex")
			b := r.block(index)
			switch {
			case b == nil:
				// Input for a tool that never started, or not the last
				// one started: no call to give it to.
				return false
			case b.json:
				w.Text(jsonw.Unquoted(input, &r.text))
			default:
				w.ToolArgs(jsonw.Unquoted(input, &r.text))
			}
		case jsonw.KeyIs(k, "reasoningContent"):
			if !r.reasoning(w, d) {
				return false
			}
		}
	}
	return true
}

// block returns the last tool-use block started, if index names it.
func (r *novaChunks) block(index []byte) *novaBlock {
	idx, ok := jsonw.Count(index)
	if n := len(r.blocks); ok && n > 0 && r.blocks[n-1].index == idx {
		return &r.blocks[n-1]
	}
	return nil
}

// reasoning handles {"text"}, {"signature"} or {"redactedContent"}.
func (r *novaChunks) reasoning(w *translate.ChunkWriter, rc []byte) bool {
	m, ok := jsonw.ObjectMembers(rc)
	if !ok {
		return false
	}
	for k, v, more := m.Next(); more; k, v, more = m.Next() {
		if !jsonw.IsString(v) {
			continue
		}
		switch {
		case jsonw.KeyIs(k, "text"):
			w.Reasoning(jsonw.Unquoted(v, &r.text))
		case jsonw.KeyIs(k, "signature"):
			w.Signature(string(jsonw.Unquoted(v, &r.text)))
		case jsonw.KeyIs(k, "redactedContent"):
			w.RedactedThinking(string(jsonw.Unquoted(v, &r.text)))
		}
	}
	return true
}

// stop handles {"stopReason":"..."}.
func (r *novaChunks) stop(w *translate.ChunkWriter, v []byte) bool {
	reason, _ := jsonw.Lookup(v, "stopReason")
	if !jsonw.IsString(reason) {
		return false
	}
	calls, formatted := false, false
	for _, b := range r.blocks {
		calls, formatted = calls || !b.json, formatted || b.json
	}
	w.Finish(novaFinish(string(jsonw.Unquoted(reason, &r.text)), calls, formatted))
	return true
}

// metadata handles {"usage":{...},"metrics":{...}}.
func (r *novaChunks) metadata(w *translate.ChunkWriter, v []byte) bool {
	usage, ok := jsonw.Lookup(v, "usage")
	if !ok {
		return true
	}
	u, ok := bedrockruntime.Usage(usage)
	if ok {
		w.Usage(u)
	}
	return ok
}
