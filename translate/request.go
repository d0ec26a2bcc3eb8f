package translate

import (
	"bytes"
	"encoding/json"
	"errors"
)

// ChatRequest is an OpenAI chat-completions request
// (https://platform.openai.com/docs/api-reference/chat/create), parsed once
// by ParseChatRequest. The same value drives routing and every translation,
// so no two readers of the body can disagree about it. Messages, Stop,
// Tools, ToolChoice and ResponseFormat are filled by DecodeContent, for
// providers that translate them.
type ChatRequest struct {
	Model               string
	Messages            []Message
	Stream              bool
	IncludeUsage        bool // stream_options.include_usage
	MaxTokens           *int // max_tokens
	MaxCompletionTokens *int // max_completion_tokens
	Temperature         *float64
	TopP                *float64
	Stop                []string // a string or an array of strings
	Tools               []Tool
	ToolChoice          *ToolChoice
	ResponseFormat      *ResponseFormat
	Thinking            *Thinking
	ReasoningEffort     string

	// Members is every top-level member of the body in order, its value
	// the raw bytes of the body (not a copy). Translators look here for the
	// parameters they pass through, drop or refuse.
	Members []Member

	// contentDecoded: DecodeContent has filled Messages, Stop, Tools,
	// ToolChoice and ResponseFormat.
	contentDecoded bool
}

// Member is one top-level "key": value pair of a JSON object.
type Member struct {
	Key   string
	Value json.RawMessage
}

// Member returns the raw value of the top-level member key, or nil.
func (r *ChatRequest) Member(key string) json.RawMessage {
	for i := range r.Members {
		if r.Members[i].Key == key {
			return r.Members[i].Value
		}
	}
	return nil
}

// MaxOutputTokens is max_completion_tokens, else max_tokens, else nil.
func (r *ChatRequest) MaxOutputTokens() *int {
	if r.MaxCompletionTokens != nil {
		return r.MaxCompletionTokens
	}
	return r.MaxTokens
}

// MaxOutputTokensParam names the member MaxOutputTokens was read from.
func (r *ChatRequest) MaxOutputTokensParam() string {
	if r.MaxCompletionTokens != nil {
		return "max_completion_tokens"
	}
	return "max_tokens"
}

// Message is one entry of messages.
type Message struct {
	Role           string          `json:"role"`
	Content        Content         `json:"content"`
	Name           string          `json:"name,omitempty"`
	ToolCalls      []ToolCall      `json:"tool_calls,omitempty"`
	ToolCallID     string          `json:"tool_call_id,omitempty"`
	ThinkingBlocks []ThinkingBlock `json:"thinking_blocks,omitempty"`
	CacheControl   *CacheControl   `json:"cache_control,omitempty"`
}

// Content is a message's content: a plain string (Parts nil) or an array of
// parts. JSON null and an absent content both decode to the zero value.
// DecodeContent fills it (see decode_messages.go).
type Content struct {
	Text    string
	Parts   []ContentPart
	IsParts bool
}

// ContentPart is one element of an array content.
type ContentPart struct {
	Type         string        `json:"type"`
	Text         string        `json:"text,omitempty"`
	ImageURL     *ImageURL     `json:"image_url,omitempty"`
	File         *FilePart     `json:"file,omitempty"`
	CacheControl *CacheControl `json:"cache_control,omitempty"`
}

// ImageURL is an image_url part's value: {"url": ...} or, as LiteLLM also
// accepts, a bare URL string.
type ImageURL struct {
	URL    string `json:"url"`
	Detail string `json:"detail,omitempty"`
	Format string `json:"format,omitempty"`
}

// FilePart is a file part's value. Only inline data (file_data, a data URL)
// can be sent to providers without a files API.
type FilePart struct {
	FileData string `json:"file_data,omitempty"`
	FileID   string `json:"file_id,omitempty"`
	Filename string `json:"filename,omitempty"`
	Format   string `json:"format,omitempty"`
}

// CacheControl marks a prompt-caching breakpoint ({"type":"ephemeral"}).
type CacheControl struct {
	Type string `json:"type"`
	TTL  string `json:"ttl,omitempty"`
}

// ToolCall is an assistant message's tool call.
type ToolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function FunctionCall `json:"function"`
}

// FunctionCall names the function and carries its arguments as JSON text.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// ThinkingBlock is a reasoning block a client sends back on an assistant turn
// (LiteLLM's and Anthropic's shape), so signed reasoning survives tool use.
type ThinkingBlock struct {
	Type      string `json:"type"` // "thinking" or "redacted_thinking"
	Thinking  string `json:"thinking,omitempty"`
	Signature string `json:"signature,omitempty"`
	Data      string `json:"data,omitempty"` // redacted_thinking payload
}

// Tool is one entry of tools.
type Tool struct {
	Type         string        `json:"type"`
	Function     FunctionDef   `json:"function"`
	CacheControl *CacheControl `json:"cache_control,omitempty"`
}

// FunctionDef describes a callable function.
type FunctionDef struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"`
	Strict      *bool           `json:"strict,omitempty"`
}

// ToolChoice is "auto", "none", "required", or a named function.
type ToolChoice struct {
	Mode     string // auto, none, required, or function
	Function string // the function's name when Mode is "function"
}

// UnmarshalJSON accepts a mode string or {"type":"function","function":{"name":...}}.
func (tc *ToolChoice) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		*tc = ToolChoice{}
		if err := json.Unmarshal(b, &tc.Mode); err != nil {
			return err
		}
		switch tc.Mode {
		case "auto", "none", "required":
			return nil
		}
		return errors.New(`tool_choice must be "auto", "none", "required" or a function object`)
	}
	var obj struct {
		Type     string `json:"type"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	if obj.Type != "function" || obj.Function.Name == "" {
		return errors.New(`tool_choice object must be {"type":"function","function":{"name":...}}`)
	}
	*tc = ToolChoice{Mode: "function", Function: obj.Function.Name}
	return nil
}

// ResponseFormat is response_format.
type ResponseFormat struct {
	Type       string      `json:"type"` // text, json_object, json_schema
	JSONSchema *JSONSchema `json:"json_schema,omitempty"`
}

// JSONSchema is response_format.json_schema.
type JSONSchema struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Schema      json.RawMessage `json:"schema,omitempty"`
	Strict      *bool           `json:"strict,omitempty"`
}

// Thinking is Anthropic-style extended thinking: {"type":"enabled","budget_tokens":N}.
type Thinking struct {
	Type         string `json:"type"`
	BudgetTokens int    `json:"budget_tokens,omitempty"`
}

// stopList accepts stop as a string or an array of strings.
type stopList []string

func (s *stopList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*s = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = stopList{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(s))
}
