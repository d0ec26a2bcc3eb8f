package converse

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
)

// Options configure one route's translation. They are built once per
// model at provision time and shared by all requests: Request only reads
// them.
type Options struct {
	// Model is what the gateway knows about the model behind the route.
	Model bedrockruntime.Model

	// DropParams drops OpenAI parameters Converse cannot honour instead of
	// answering 400; the dropped names are listed in State.Dropped.
	DropParams bool

	// UserContinueMessage, when set, is inserted as the first turn of a
	// conversation that starts with an assistant turn (Converse requires a
	// user turn first). When empty, the conversation is sent as given and
	// Bedrock's own validation error comes back.
	UserContinueMessage string

	// DefaultThinkingBudget, when positive, turns on extended thinking with
	// this budget for requests that set neither thinking nor
	// reasoning_effort. A client max_tokens too small for it turns the
	// default off for that request rather than failing it.
	DefaultThinkingBudget int

	// FetchImage fetches a remote (http or https) image URL. When nil,
	// remote image URLs are refused with a 400. The caller enforces size
	// limits, timeouts and which hosts may be reached; its errors are shown
	// to the client (a *translate.Error is passed through as it is). The
	// media type it returns may carry parameters ("image/png;
	// charset=binary").
	FetchImage translate.FetchFunc
}

// JSONToolName is the tool the gateway forces to implement response_format
// json_object and json_schema, as LiteLLM does; its input is the answer.
const JSONToolName = translate.JSONToolName
