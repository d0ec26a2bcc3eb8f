package cohere

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Chunks reads Command's stream: {"text", "is_finished": false} chunks,
// then one with "is_finished": true and the finish_reason. A chunk in
// the shape of the whole answer ({"generations": [...]}) is read too.
// Command counts no tokens: the usage is Bedrock's invocation metrics.
func (command) Chunks(st *invoke.State) invoke.ChunkReader {
	cs := commandStateOf(st)
	return &commandReader{st: cs, hold: newStopHold(cs.stops), started: !cs.trimStart}
}

// commandReader reads one Command stream. It allocates nothing per
// chunk once its buffers have grown.
type commandReader struct {
	st   *commandState
	hold stopHold
	// started: the answer's first non-space byte went out (or no space
	// is to be trimmed).
	started bool
	done    bool
	text    []byte // scratch: the chunk's text, unquoted
}

// generation is what one chunk says.
type generation struct {
	text, reason []byte // raw string literals, nil if absent
	finished     bool
}

func (r *commandReader) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	var g generation
	if !readGeneration(chunk, &g) {
		return unreadable("stream chunk")
	}
	if r.done {
		return nil
	}
	if g.text != nil {
		text := jsonw.Unquoted(g.text, &r.text)
		if !r.started {
			text = trimSpace(text)
			r.started = len(text) > 0
		}
		w.Text(r.hold.feed(text))
	}
	if !g.finished && g.reason == nil {
		return nil
	}
	r.done = true
	finish, ok := finishReason(string(jsonw.AppendUnquoted(r.text[:0], g.reason)))
	if !ok {
		return modelFailed()
	}
	w.Text(r.hold.flush(finish == "stop"))
	w.Finish(finish)
	return nil
}

// readGeneration reads a chunk's text, is_finished and finish_reason,
// from the chunk itself or from its first generation. It reports false
// for a chunk that says them in other types.
func readGeneration(obj []byte, g *generation) bool {
	m, ok := jsonw.ObjectMembers(obj)
	if !ok {
		return false
	}
	for k, v, more := m.Next(); more; k, v, more = m.Next() {
		switch {
		case jsonw.KeyIs(k, "text"):
			if !jsonw.IsString(v) {
				return false
			}
			g.text = v
		case jsonw.KeyIs(k, "is_finished"):
			if string(v) != "true" && string(v) != "false" {
				return false
			}
			g.finished = string(v) == "true"
		case jsonw.KeyIs(k, "finish_reason"):
			switch {
			case jsonw.IsString(v):
				g.reason = v
			case !jsonw.IsNull(v):
				return false
			}
		case jsonw.KeyIs(k, "generations"):
			items, ok := jsonw.ArrayItems(v)
			if !ok {
				return false
			}
			if first, ok := items.Next(); ok && !readGeneration(first, g) {
				return false
			}
		}
	}
	return true
}

// trimSpace cuts the whitespace the answer starts with.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}
