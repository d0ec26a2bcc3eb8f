package deepseek

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama"
)

// chunks reads a DeepSeek stream, chunks of either shape (see read), the
// last with Bedrock's invocation metrics, which invoke.Stream reads when
// the chunks carry no counts (R1's choices never do). In a chat the text
// goes through a ThinkSplitter, which holds back only what may be part of
// a tag split across chunks; the last chunk flushes it. Reading a chunk
// allocates nothing once the buffers have grown.
type chunks struct {
	g     llama.Generation
	split bool
	think translate.ThinkSplitter
	r, c  []byte
}

func (r *chunks) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	r.g.Reset()
	if !read(&r.g, chunk) {
		return llama.Unreadable("chunk")
	}
	if !r.split {
		w.Text(r.g.Text)
		r.g.Tell(w)
		return nil
	}
	r.r, r.c = r.think.Feed(r.r[:0], r.c[:0], r.g.Text)
	if r.g.Finished() {
		r.r, r.c = r.think.Flush(r.r, r.c)
	}
	w.Reasoning(r.r)
	w.Text(r.c)
	r.g.Tell(w)
	return nil
}
