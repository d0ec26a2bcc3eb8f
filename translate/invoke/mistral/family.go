package mistral

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func init() {
	invoke.Register("mistral", family{}, "mistral.")
}

// family translates for every Mistral AI model on Bedrock.
type family struct{}

// Chat builds the prompt body for Mistral 7B Instruct and Mixtral, the
// chat body for the others.
func (family) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	if takesPrompt(opts.ModelID) {
		return promptChat(req, opts)
	}
	return chatBody(req, opts)
}

// Text sends a text completion's prompt as it is to the prompt models,
// and as one user message to the chat models.
func (family) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	if takesPrompt(opts.ModelID) {
		return promptText(req, opts)
	}
	return chatText(req, opts)
}

// Answer reads a whole answer, in either shape.
func (family) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	return readAnswer(body, stateOf(st), st == nil || !st.Text, a)
}

// Chunks returns the reader of one streaming answer, in either shape.
func (family) Chunks(st *invoke.State) invoke.ChunkReader {
	return &chunkReader{st: stateOf(st), text: make([]byte, 0, 256), trim: st == nil || !st.Text}
}

// takesPrompt reports whether a model takes a prompt rather than
// messages: Mistral 7B Instruct and Mixtral 8x7B Instruct, which predate
// Mistral's chat API. Mistral Large 24.02 and Small take a prompt too,
// but only their chat body carries tools, so they get that, as does any
// Mistral model the gateway does not know (an ARN without a model ID
// included): the newer models take messages.
func takesPrompt(modelID string) bool {
	id := bedrockruntime.BaseModelID(modelID)
	return strings.HasPrefix(id, "mistral.mistral-7b") || strings.HasPrefix(id, "mistral.mixtral")
}

// state is the family's per-request state (invoke.State.Family): what
// the answer needs of the request. Not safe for concurrent use.
type state struct {
	// jsonTool is set when response_format became a forced tool call,
	// whose arguments are the answer's content.
	jsonTool bool
	// toolIDs maps the ids sent to Mistral back to the client's.
	toolIDs map[string]string
}

// stateOf returns the family state of st, or an empty one.
func stateOf(st *invoke.State) *state {
	if st != nil {
		if s, ok := st.Family.(*state); ok {
			return s
		}
	}
	return &state{}
}

var _ invoke.Family = family{}
