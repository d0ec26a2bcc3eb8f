// Package bedrockbackend serves model lines from Amazon Bedrock: chat
// through Converse or through InvokeModel with a model family's native
// body, the tasks other than chat (embeddings, image generation, rerank),
// and bedrock/converse_like/ lines, which speak Converse to a server that
// is not AWS. providers/bedrock makes the calls; translate/... turns
// requests and answers from and into OpenAI's shapes.
package bedrockbackend

import (
	"net/http"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
)

// Provider names Bedrock in targets, logs and the price table.
const Provider = "bedrock"

// Line is what a model line tells its Bedrock backend, its placeholders
// resolved.
type Line struct {
	Alias string
	// TargetModel is the target's model ID or ARN, which names the model's
	// family and prices; ModelID is the one in the URL: model_id when the
	// line sets one (an application inference profile), else TargetModel.
	TargetModel, ModelID string
	// Converse and Invoke are set when the route names its API
	// (bedrock/converse/..., bedrock/invoke/...); with neither, a line
	// goes where Bedrock serves its model.
	Converse, Invoke bool
	// Family is the line's family option; RouteFamily the one its route
	// names (bedrock/llama/<arn>).
	Family, RouteFamily string
	DropParams          bool
	UserContinueMessage string
	ThinkingBudget      int
	// RemoteImages is allow_remote_images; ImageMaxSize its limit per
	// image, 0 for Bedrock's own.
	RemoteImages bool
	ImageMaxSize int64
	// Embedding is what an embedding model's line tells its family.
	Embedding embeddings.Options
	// APIBase, APIKey and Headers are a converse_like line's server: its
	// URL, bearer key and headers.
	APIBase, APIKey string
	Headers         http.Header
}

// Interface guards.
var (
	_ backend.Backend = (*converseBackend)(nil)
	_ backend.Backend = (*invokeBackend)(nil)
	_ backend.Backend = (*converseLikeBackend)(nil)
	_ backend.Backend = (*taskBackend)(nil)
	_ backend.Pricer  = (*bedrockLine)(nil)
	_ backend.Native  = (*bedrockLine)(nil)
	_ backend.Native  = (*converseLikeBackend)(nil)
)
