package llama

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Generation is what a Llama-shaped answer says, read member by member:
// {"generation", "prompt_token_count", "generation_token_count",
// "stop_reason"}, as a whole answer and as each chunk of a stream. One
// Generation reads every chunk of one stream: Reset forgets a chunk's
// text and stop reason but keeps the token counts, which a stream sends
// on some chunks only (the prompt's on the first, the answer's as it
// grows).
type Generation struct {
	// Text is the text of the body read last, unquoted.
	Text []byte
	// HasText: the body had a generation (or another shape's text).
	HasText bool
	// Stop is the stop_reason literal, nil while it is null or absent.
	Stop []byte
	// Filtered: a Bedrock guardrail intervened.
	Filtered bool
	// Usage holds the counts read so far; Counted says whether any was.
	Usage   translate.Usage
	Counted bool
}

// Reset makes g ready for the next chunk.
func (g *Generation) Reset() {
	g.Text, g.HasText, g.Stop, g.Filtered = g.Text[:0], false, nil, false
}

// Member reads one member of a body. known is false for keys it does not
// know, ok false for a known key whose value has the wrong type.
func (g *Generation) Member(k, v []byte) (known, ok bool) {
	var buf [32]byte
	switch string(Key(buf[:0], k)) {
	case "generation":
		return true, g.ReadText(v)
	case "stop_reason":
		return true, g.ReadStop(v)
	case "prompt_token_count":
		return true, g.count(&g.Usage.PromptTokens, v)
	case "generation_token_count":
		return true, g.count(&g.Usage.CompletionTokens, v)
	case "amazon-bedrock-guardrailAction":
		// Bedrock's verdict when a guardrail is applied to InvokeModel.
		g.Filtered = g.Filtered || jsonw.KeyIs(v, "INTERVENED")
		return true, true
	}
	return false, true
}

// Key returns the name a raw key literal spells: the bytes between its
// quotes, or, when it holds escapes, its text appended to buf. A switch
// on string(Key(...)) compares without allocating.
func Key(buf, raw []byte) []byte {
	if len(raw) < 2 {
		return nil
	}
	name := raw[1 : len(raw)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		return jsonw.AppendUnquoted(buf, raw)
	}
	return name
}

// ReadText reads a text literal: generation, or another shape's text.
// null is no text.
func (g *Generation) ReadText(v []byte) bool {
	g.Text, g.HasText = jsonw.AppendUnquoted(g.Text[:0], v), jsonw.IsString(v)
	return g.HasText || jsonw.IsNull(v)
}

// ReadStop reads a stop_reason literal; null says the answer goes on.
func (g *Generation) ReadStop(v []byte) bool {
	g.Stop = nil
	if jsonw.IsString(v) {
		g.Stop = v
	}
	return g.Stop != nil || jsonw.IsNull(v)
}

// count reads a token count into n; null leaves n as it was.
func (g *Generation) count(n *int, v []byte) bool {
	if jsonw.IsNull(v) {
		return true
	}
	c, ok := jsonw.Count(v)
	if ok {
		*n, g.Counted = c, true
	}
	return ok
}

// Read reads a whole body: false when it is not an object or a member
// has the wrong type.
func (g *Generation) Read(body []byte) bool {
	m, ok := jsonw.ObjectMembers(body)
	if !ok {
		return false
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		if _, ok := g.Member(k, v); !ok {
			return false
		}
	}
	return true
}

// Finished reports whether the body ended the answer.
func (g *Generation) Finished() bool { return g.Stop != nil || g.Filtered }

// FinishReason is OpenAI's finish_reason for the answer: content_filter
// when a guardrail intervened, else the stop reason's.
func (g *Generation) FinishReason() string {
	if g.Filtered {
		return "content_filter"
	}
	return finishReason(g.Stop)
}

// finishReason maps a stop_reason literal. Llama and DeepSeek say "stop"
// (the model ended its turn or met a stop sequence) or "length" (the
// token limit); "content_filtered" is Bedrock's word when a filter cut
// the answer. Anything else is "stop": clients branch on the known
// values only.
func finishReason(stop []byte) string {
	switch {
	case jsonw.KeyIs(stop, "length"), jsonw.KeyIs(stop, "max_tokens"):
		return "length"
	case jsonw.KeyIs(stop, "content_filtered"), jsonw.KeyIs(stop, "guardrail_intervened"):
		return "content_filter"
	}
	return "stop"
}

// Unreadable is the error for an answer or chunk that makes no sense:
// Bedrock's fault, not the client's, and another deployment may do
// better.
func Unreadable(what string) *translate.Error {
	return translate.BadUpstream("Bedrock returned an unreadable " + what)
}

// Tell writes to a stream what the chunk read last says besides its text:
// the counts so far, and the finish once the answer is finished.
func (g *Generation) Tell(w *translate.ChunkWriter) {
	if g.Counted {
		w.Usage(g.Usage)
	}
	if g.Finished() {
		w.Finish(g.FinishReason())
	}
}
