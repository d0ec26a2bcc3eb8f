package invoke

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/prefixreg"
)

// Family translates for one model family's native InvokeModel body.
// Implementations are stateless; per-request state lives in State.
type Family interface {
	// Chat builds the body of a chat completion request.
	Chat(req *translate.ChatRequest, opts *Options) (body []byte, st *State, err *translate.Error)
	// Text builds the body of a text completion request (POST
	// /v1/completions): prompt-based families send the prompt as it is,
	// chat families as one user message.
	Text(req *translate.TextRequest, opts *Options) (body []byte, st *State, err *translate.Error)
	// Answer reads a whole native answer into a.
	Answer(body []byte, st *State, a *translate.Answer) *translate.Error
	// Chunks returns a reader for one streaming answer's chunks.
	Chunks(st *State) ChunkReader
}

// Unstreamed is a Family whose models Bedrock does not stream
// (InvokeModelWithResponseStream refuses them): the gateway asks for the
// whole answer and replays it as the stream the client asked for, as
// LiteLLM does. The first words then come with the last.
type Unstreamed interface {
	Unstreamed() bool
}

// ChunkReader reads the chunks of one streaming answer, in order, and
// tells w what each says. One per answer; not safe for concurrent use.
type ChunkReader interface {
	// Chunk reads one chunk: the model's JSON, decoded from the chunk
	// event's bytes. An error means the chunk made no sense; the stream
	// then ends with it.
	Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error
}

// Options are what a model line tells a family.
type Options struct {
	// ModelID is the model the line names (the target's, not model_id's
	// ARN), for per-model defaults and limits.
	ModelID string
	// DropParams drops OpenAI parameters the family cannot honour instead
	// of answering 400.
	DropParams bool
	// DefaultThinkingBudget turns on extended thinking for requests that
	// ask for none, on families that can think.
	DefaultThinkingBudget int
	// UserContinueMessage is inserted where a family needs a user turn
	// first.
	UserContinueMessage string
	// FetchImage fetches a remote image URL; nil refuses them.
	FetchImage func(url string) (mediaType string, data []byte, err error)
}

// State is what the answer's translation needs to know about the request.
// One per request.
type State struct {
	// Answering says for which alias, and whether as a chat or a text
	// completion, the answer is written; the caller sets Alias.
	translate.Answering
	// Dropped lists parameters removed from the request, for the log.
	Dropped []string
	// Family is per-family state (tool id maps, a forced JSON tool, the
	// <think> splitter's, ...), nil when none.
	Family any
}

// families are the registered families.
var families = prefixreg.New[Family]("invoke")

// Register makes a family known by name, and as the family of model IDs
// that start with one of idPrefixes (after any cross-region prefix).
// Families call it from init.
func Register(name string, f Family, idPrefixes ...string) {
	families.Register(name, f, idPrefixes...)
}

// ByName returns the family named name.
func ByName(name string) (Family, bool) { return families.ByName(name) }

// Names lists the registered families, sorted.
func Names() []string { return families.Names() }

// FamilyOf names the family of a model ID, profile ID or ARN: from the
// ID after any cross-region prefix, or from the model an ARN names after
// its last '/' (foundation-model and cross-region profile ARNs). ok is
// false when nothing in the ID says, as for provisioned, imported and
// application-profile ARNs.
func FamilyOf(modelID string) (name string, ok bool) { return families.FamilyOf(modelID) }
