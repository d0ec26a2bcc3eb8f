package llama

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate"

// chunks reads a Llama stream: each chunk is {"generation": text,
// "stop_reason": null until the last, "prompt_token_count" (first chunk),
// "generation_token_count" (so far)}, and the last also carries Bedrock's
// amazon-bedrock-invocationMetrics, which invoke.Stream reads when the
// chunks carry no counts. Reading a chunk allocates nothing once the
// text buffer has grown to the longest chunk's text.
type chunks struct {
	g Generation
}

func (r *chunks) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	r.g.Reset()
	if !r.g.Read(chunk) {
		return Unreadable("chunk")
	}
	w.Text(r.g.Text)
	r.g.Tell(w)
	return nil
}
