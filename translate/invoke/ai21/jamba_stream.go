package ai21

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Jamba streams OpenAI-like chunks: {"id","choices":[{"index":0,
// "delta":{"role"?,"content"?,"tool_calls"?},"finish_reason"}],"usage"},
// usage null but in the last chunk, which Bedrock also gives its
// amazon-bedrock-invocationMetrics.

// Chunks returns the reader of one streamed Jamba answer.
func (Jamba) Chunks(*invoke.State) invoke.ChunkReader {
	return &jambaChunks{text: make([]byte, 0, 256)}
}

// jambaChunks reads the chunks with jsonw's walkers, so a text delta
// costs no allocation. One per answer.
type jambaChunks struct {
	text  []byte // scratch for unquoted strings
	tools bool   // a tool call was streamed
}

// Chunk reads one chunk of a Jamba stream.
func (r *jambaChunks) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	top, ok := jsonw.ObjectMembers(chunk)
	if !ok {
		return unreadable("an AI21 Jamba chunk")
	}
	var finish []byte
	for k, v, ok := top.Next(); ok; k, v, ok = top.Next() {
		switch {
		case jsonw.KeyIs(k, "choices"):
			if finish, ok = r.choices(v, w); !ok {
				return unreadable("an AI21 Jamba chunk")
			}
		case jsonw.KeyIs(k, "usage") && !jsonw.IsNull(v):
			u, ok := usage(v)
			if !ok {
				return unreadable("an AI21 Jamba chunk")
			}
			w.Usage(u)
		}
	}
	if finish != nil {
		w.Finish(jambaFinish(string(finish), r.tools))
	}
	return nil
}

// choices reads the first (only) choice and returns its finish_reason,
// unquoted, or nil while there is none.
func (r *jambaChunks) choices(v []byte, w *translate.ChunkWriter) (finish []byte, ok bool) {
	items, ok := jsonw.ArrayItems(v)
	if !ok {
		return nil, false
	}
	choice, more := items.Next()
	if !more {
		return nil, true
	}
	members, ok := jsonw.ObjectMembers(choice)
	if !ok {
		return nil, false
	}
	for k, v, ok := members.Next(); ok; k, v, ok = members.Next() {
		switch {
		case jsonw.KeyIs(k, "delta"):
			if !r.delta(v, w) {
				return nil, false
			}
		case jsonw.KeyIs(k, "finish_reason") && !jsonw.IsNull(v):
			if !jsonw.IsString(v) {
				return nil, false
			}
			finish = jsonw.AppendUnquoted(nil, v)
		}
	}
	return finish, true
}

// delta sends a delta's content and tool-call fragments.
func (r *jambaChunks) delta(v []byte, w *translate.ChunkWriter) bool {
	members, ok := jsonw.ObjectMembers(v)
	if !ok {
		return false
	}
	for k, v, ok := members.Next(); ok; k, v, ok = members.Next() {
		switch {
		case jsonw.IsNull(v):
		case jsonw.KeyIs(k, "content"):
			if !jsonw.IsString(v) {
				return false
			}
			w.Text(jsonw.Unquoted(v, &r.text))
		case jsonw.KeyIs(k, "tool_calls"):
			if !r.toolCalls(v, w) {
				return false
			}
		}
	}
	return true
}

// toolCalls sends tool-call fragments: one with an id starts a call, as
// in OpenAI's chunks, and arguments continue the last one started.
func (r *jambaChunks) toolCalls(v []byte, w *translate.ChunkWriter) bool {
	items, ok := jsonw.ArrayItems(v)
	if !ok {
		return false
	}
	for call, ok := items.Next(); ok; call, ok = items.Next() {
		var id, name, args []byte
		members, ok := jsonw.ObjectMembers(call)
		if !ok {
			return false
		}
		for k, v, ok := members.Next(); ok; k, v, ok = members.Next() {
			switch {
			case jsonw.KeyIs(k, "id"):
				id = v
			case jsonw.KeyIs(k, "function"):
				if name, ok = jsonw.Lookup(v, "name"); !ok {
					name = nil
				}
				if args, ok = jsonw.Lookup(v, "arguments"); !ok {
					args = nil
				}
			}
		}
		if id != nil && !jsonw.IsNull(id) {
			if !jsonw.IsString(id) || !jsonw.IsString(name) {
				return false
			}
			w.ToolCall(string(jsonw.AppendUnquoted(nil, id)), string(jsonw.AppendUnquoted(nil, name)))
			r.tools = true
		}
		switch {
		case args == nil || jsonw.IsNull(args):
		case jsonw.IsString(args):
			w.ToolArgs(jsonw.Unquoted(args, &r.text))
		default:
			r.text = jsonw.AppendCompact(r.text[:0], args)
			w.ToolArgs(r.text)
		}
	}
	return true
}

// usage reads {"prompt_tokens","completion_tokens",...}; counts that
// are not counts are left at 0.
func usage(v []byte) (translate.Usage, bool) {
	if !jsonw.IsObject(v) {
		return translate.Usage{}, false
	}
	prompt, _ := jsonw.Lookup(v, "prompt_tokens")
	completion, _ := jsonw.Lookup(v, "completion_tokens")
	var u translate.Usage
	u.PromptTokens, _ = jsonw.Count(prompt)
	u.CompletionTokens, _ = jsonw.Count(completion)
	return u, true
}
