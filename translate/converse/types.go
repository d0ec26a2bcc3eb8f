package converse

import (
	"encoding/json"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/turns"
)

// Wire types of Bedrock's Converse API, written by hand rather than taken
// from the SDK's service types: these carry raw JSON where Bedrock accepts
// any document, marshal without the SDK's document reflection, and stay small.
// Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html

// RequestBody is the body of POST /model/{modelId}/converse(-stream).
type RequestBody struct {
	Messages                     []Message        `json:"messages"`
	System                       []SystemBlock    `json:"system,omitempty"`
	InferenceConfig              *InferenceConfig `json:"inferenceConfig,omitempty"`
	ToolConfig                   *ToolConfig      `json:"toolConfig,omitempty"`
	GuardrailConfig              json.RawMessage  `json:"guardrailConfig,omitempty"`
	AdditionalModelRequestFields json.RawMessage  `json:"additionalModelRequestFields,omitempty"`
	PerformanceConfig            json.RawMessage  `json:"performanceConfig,omitempty"`
	RequestMetadata              json.RawMessage  `json:"requestMetadata,omitempty"`
}

// Message is one turn; Role is "user" or "assistant".
type Message = turns.Turn[ContentBlock]

// ContentBlock is a union: exactly one field is set.
type ContentBlock struct {
	Text             *string                `json:"text,omitempty"`
	Image            *ImageBlock            `json:"image,omitempty"`
	Document         *DocumentBlock         `json:"document,omitempty"`
	ToolUse          *ToolUseBlock          `json:"toolUse,omitempty"`
	ToolResult       *ToolResultBlock       `json:"toolResult,omitempty"`
	ReasoningContent *ReasoningContentBlock `json:"reasoningContent,omitempty"`
	CachePoint       *CachePointBlock       `json:"cachePoint,omitempty"`
}

// ImageBlock is an image; Source.Bytes is base64 on the wire.
type ImageBlock struct {
	Format string       `json:"format"` // png, jpeg, gif, webp
	Source BinarySource `json:"source"`
}

// DocumentBlock is a document; Name is required and restricted by Bedrock to
// alphanumerics, single spaces, hyphens, parentheses and square brackets.
type DocumentBlock struct {
	Format string       `json:"format"` // pdf, csv, doc, docx, xls, xlsx, html, txt, md
	Name   string       `json:"name"`
	Source BinarySource `json:"source"`
}

// BinarySource carries base64 data. It is kept as the client's base64 text:
// decoding and re-encoding it would only cost time.
type BinarySource struct {
	Bytes string `json:"bytes"`
}

// ToolUseBlock is a tool call made by the assistant.
type ToolUseBlock struct {
	ToolUseID string          `json:"toolUseId"`
	Name      string          `json:"name"`
	Input     json.RawMessage `json:"input"`
}

// ToolResultBlock answers a ToolUseBlock.
type ToolResultBlock struct {
	ToolUseID string              `json:"toolUseId"`
	Content   []ToolResultContent `json:"content"`
	Status    string              `json:"status,omitempty"` // success, error
}

// ToolResultContent is a union inside a tool result.
type ToolResultContent struct {
	Text     *string         `json:"text,omitempty"`
	JSON     json.RawMessage `json:"json,omitempty"`
	Image    *ImageBlock     `json:"image,omitempty"`
	Document *DocumentBlock  `json:"document,omitempty"`
}

// ReasoningContentBlock is model reasoning: signed text, or redacted bytes.
type ReasoningContentBlock struct {
	ReasoningText   *ReasoningText `json:"reasoningText,omitempty"`
	RedactedContent string         `json:"redactedContent,omitempty"` // base64
}

// ReasoningText is reasoning text with the signature that proves it unaltered.
type ReasoningText struct {
	Text      string `json:"text"`
	Signature string `json:"signature,omitempty"`
}

// CachePointBlock marks a prompt-cache checkpoint after the preceding block.
type CachePointBlock struct {
	Type string `json:"type"` // "default"
}

// SystemBlock is a union: Text or CachePoint.
type SystemBlock struct {
	Text       string           `json:"text,omitempty"`
	CachePoint *CachePointBlock `json:"cachePoint,omitempty"`
}

// InferenceConfig holds the common sampling parameters.
type InferenceConfig struct {
	MaxTokens     *int     `json:"maxTokens,omitempty"`
	Temperature   *float64 `json:"temperature,omitempty"`
	TopP          *float64 `json:"topP,omitempty"`
	StopSequences []string `json:"stopSequences,omitempty"`
}

// ToolConfig declares tools and how the model must choose among them.
type ToolConfig struct {
	Tools      []ToolEntry      `json:"tools"`
	ToolChoice *ToolChoiceBlock `json:"toolChoice,omitempty"`
}

// ToolEntry is a union: ToolSpec or CachePoint.
type ToolEntry struct {
	ToolSpec   *ToolSpec        `json:"toolSpec,omitempty"`
	CachePoint *CachePointBlock `json:"cachePoint,omitempty"`
}

// ToolSpec describes one tool.
type ToolSpec struct {
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	InputSchema InputSchema `json:"inputSchema"`
}

// InputSchema wraps the JSON schema of a tool's input.
type InputSchema struct {
	JSON json.RawMessage `json:"json"`
}

// ToolChoiceBlock is a union: Auto, Any or Tool.
type ToolChoiceBlock struct {
	Auto *struct{}      `json:"auto,omitempty"`
	Any  *struct{}      `json:"any,omitempty"`
	Tool *ToolNameBlock `json:"tool,omitempty"`
}

// ToolNameBlock names the tool a ToolChoiceBlock forces.
type ToolNameBlock struct {
	Name string `json:"name"`
}

// ResponseBody is the body of a successful /converse call.
type ResponseBody struct {
	Output struct {
		Message *Message `json:"message"`
	} `json:"output"`
	StopReason string      `json:"stopReason"`
	Usage      *TokenUsage `json:"usage"`
}

// TokenUsage is Bedrock's token accounting.
type TokenUsage struct {
	InputTokens           int `json:"inputTokens"`
	OutputTokens          int `json:"outputTokens"`
	TotalTokens           int `json:"totalTokens"`
	CacheReadInputTokens  int `json:"cacheReadInputTokens"`
	CacheWriteInputTokens int `json:"cacheWriteInputTokens"`
}
