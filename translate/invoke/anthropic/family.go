package anthropic

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func init() {
	invoke.Register("anthropic", Family{}, "anthropic.")
}

// Family translates for Claude models on InvokeModel. It is stateless.
type Family struct{}

// familyName names the family in errors about parameters it refuses.
const familyName = "Anthropic Claude models"

// Chat builds a Messages API body from an OpenAI chat request.
func (Family) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	return chat(req, opts)
}

// Text builds a Messages API body from a text completion: the prompt is
// one user message (see text.go).
func (Family) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	return text(req, opts)
}

// Answer reads a whole Messages API answer.
func (Family) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	return answer(body, familyState(st), a)
}

// Chunks returns the reader of one streaming answer.
func (Family) Chunks(st *invoke.State) invoke.ChunkReader {
	return &reader{st: familyState(st)}
}

var _ invoke.Family = Family{}
