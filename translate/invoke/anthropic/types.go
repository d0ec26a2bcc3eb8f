package anthropic

import (
	"encoding/json"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/turns"
)

// Wire types of the Anthropic Messages API as Bedrock's InvokeModel takes
// it, written by hand: raw JSON where the API takes any schema, no SDK.
// Reference: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
// and https://docs.anthropic.com/en/api/messages.

// anthropicVersion is the only version Bedrock takes.
const anthropicVersion = "bedrock-2023-05-31"

// requestBody is the body of InvokeModel(WithResponseStream). Members the
// gateway passes through as the client sent them (top_k, anthropic_beta,
// ...) are appended after marshalling.
type requestBody struct {
	AnthropicVersion string   `json:"anthropic_version"`
	MaxTokens        int      `json:"max_tokens"`
	System           any      `json:"system,omitempty"` // a string, or []block
	Messages         []turn   `json:"messages"`
	Temperature      *float64 `json:"temperature,omitempty"`
	TopP             *float64 `json:"top_p,omitempty"`
	StopSequences    []string `json:"stop_sequences,omitempty"`
	Tools            []tool   `json:"tools,omitempty"`
	ToolChoice       *choice  `json:"tool_choice,omitempty"`
	Thinking         *budget  `json:"thinking,omitempty"`
	Metadata         *meta    `json:"metadata,omitempty"`
}

// turn is one message; Role is "user" or "assistant".
type turn = turns.Turn[block]

// block is a content block, a union on Type: text, image, document,
// tool_use, tool_result, thinking, redacted_thinking. Only the members of
// its type are set.
type block struct {
	Type string `json:"type"`
	// text
	Text string `json:"text,omitempty"`
	// image, document
	Source *source `json:"source,omitempty"`
	Title  string  `json:"title,omitempty"`
	// tool_use
	ID    string          `json:"id,omitempty"`
	Name  string          `json:"name,omitempty"`
	Input json.RawMessage `json:"input,omitempty"`
	// tool_result
	ToolUseID string  `json:"tool_use_id,omitempty"`
	Content   []block `json:"content,omitempty"`
	// thinking; redacted_thinking
	Thinking  *string `json:"thinking,omitempty"`
	Signature string  `json:"signature,omitempty"`
	Data      string  `json:"data,omitempty"`

	CacheControl *translate.CacheControl `json:"cache_control,omitempty"`
}

// source is an image's or a document's data: base64 (Type "base64"), or
// a text document's text (Type "text", MediaType text/plain).
type source struct {
	Type      string `json:"type"`
	MediaType string `json:"media_type"`
	Data      string `json:"data"`
}

// tool is a client tool.
type tool struct {
	Name         string                  `json:"name"`
	Description  string                  `json:"description,omitempty"`
	InputSchema  json.RawMessage         `json:"input_schema"`
	CacheControl *translate.CacheControl `json:"cache_control,omitempty"`
}

// choice is tool_choice: auto, any, tool (with Name) or none.
type choice struct {
	Type                   string `json:"type"`
	Name                   string `json:"name,omitempty"`
	DisableParallelToolUse bool   `json:"disable_parallel_tool_use,omitempty"`
}

// budget is extended thinking: {"type":"enabled","budget_tokens":N}.
type budget struct {
	Type         string `json:"type"`
	BudgetTokens int    `json:"budget_tokens"`
}

// meta is metadata; user_id is all Bedrock takes there.
type meta struct {
	UserID string `json:"user_id"`
}
