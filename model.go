package llmgateway

import "net/http"

// Model is one model line: a client-facing alias served by a provider
// target. Several lines with one alias form a pool the router chooses
// from, as LiteLLM's entries sharing a model_name do.
type Model struct {
	// Alias is the name clients send as "model".
	Alias string `json:"alias"`

	// Target says which provider and model serve the alias, in LiteLLM's
	// syntax: bedrock/<modelId> or bedrock/converse/<modelId>, where modelId
	// may carry a cross-region prefix (us., eu., apac., ...) or be an ARN;
	// azure/<deployment>; azure_ai/<model>.
	Target string `json:"target"`

	// Account names the provider account; optional when there is only one.
	Account string `json:"account,omitempty"`

	// ModelID, when set, is sent in the URL instead of the target's model
	// ID: a provisioned-throughput or application-inference-profile ARN.
	// The target still tells the gateway which model family it talks to.
	ModelID string `json:"model_id,omitempty"`

	// DropParams drops OpenAI parameters the provider cannot honour
	// (n > 1, logprobs, seed, ...) instead of answering 400.
	DropParams bool `json:"drop_params,omitempty"`

	// UserContinueMessage, when set, is inserted as a user turn where
	// Bedrock needs one (a conversation that starts with the assistant).
	UserContinueMessage string `json:"user_continue_message,omitempty"`

	// ThinkingBudget, when set, turns on extended thinking with this
	// budget_tokens for requests that ask for neither thinking nor
	// reasoning_effort, on models that can think. At least 1024.
	ThinkingBudget Int `json:"thinking_budget,omitzero"`

	// AllowRemoteImages lets image_url parts name http(s) URLs, which the
	// gateway then downloads. Off by default: it makes the gateway fetch
	// URLs chosen by clients. Private and loopback addresses stay refused.
	AllowRemoteImages bool `json:"allow_remote_images,omitempty"`

	// RemoteImageMaxSize bounds each downloaded image, in bytes.
	// Default: 3.75 MB, Bedrock's own limit per image.
	RemoteImageMaxSize Size `json:"remote_image_max_size,omitzero"`

	// Weight is the line's share of its pool's requests under weighted
	// routing. Default: 1.
	Weight Int `json:"weight,omitzero"`

	// Order is the line's priority: lines of a lower order are used while
	// any of them is available. Default: 0.
	Order Int `json:"order,omitzero"`

	// MaxConcurrent bounds the line's requests in flight. Default: none.
	MaxConcurrent Int `json:"max_concurrent,omitzero"`

	// RPM and TPM bound the requests and the tokens (prompt and
	// completion, as reported) of each minute; a line that spent either
	// leaves rotation until the minute ends. Default: none.
	RPM Int `json:"rpm,omitzero"`
	TPM Int `json:"tpm,omitzero"`

	// Fallback names aliases tried in order once every line of this
	// alias failed with an error another model may not have: throttling,
	// an unavailable or failing upstream, a timeout.
	Fallback []string `json:"fallback,omitempty"`

	// ContextWindowFallback names aliases tried when the prompt is too
	// long for this model.
	ContextWindowFallback []string `json:"context_window_fallback,omitempty"`

	// ContentPolicyFallback names aliases tried when a content filter
	// refused the prompt.
	ContentPolicyFallback []string `json:"content_policy_fallback,omitempty"`

	// Family names the InvokeModel family of a bedrock/invoke/ line whose
	// model ID does not tell it (an imported or provisioned model's ARN):
	// anthropic, llama, deepseek, mistral, ... On a plain bedrock/ line
	// it asks for InvokeModel with that family.
	Family string `json:"family,omitempty"`

	// InputType is what an embedding model embeds requests as when they
	// name no input_type: search_document (the default), search_query,
	// classification or clustering on Cohere Embed; on Nova Multimodal
	// Embeddings these or Nova's own embeddingPurpose values.
	InputType string `json:"input_type,omitempty"`

	// Normalize sets Titan Text Embeddings V2's normalize for requests
	// that do not: true (the model's default) for unit-length vectors,
	// false for raw ones.
	Normalize *bool `json:"normalize,omitempty"`

	// Dimensions is the size of the vectors an embedding model returns
	// to requests that name no dimensions: one of the sizes it offers.
	Dimensions Int `json:"dimensions,omitzero"`

	// APIBase, APIKey and Headers are a bedrock/converse_like/ line's
	// server: requests go to APIBase as it is, with "Authorization:
	// Bearer <APIKey>" and the headers, and no SigV4 signature.
	APIBase string      `json:"api_base,omitempty"`
	APIKey  string      `json:"api_key,omitempty"`
	Headers http.Header `json:"headers,omitempty"`

	// Resilience overrides the llm_gateway block's for this line.
	Resilience

	// Cost overrides or names the line's prices.
	Cost
}
