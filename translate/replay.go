package translate

import (
	"encoding/json"
	"net/http"
)

// Replay writes a whole chat.completion answer as the stream a client
// asked for: the chunks it would have streamed, then [DONE]. It serves
// upstreams that may answer a streaming request whole (a converse_like
// server).
func Replay(dst, chat []byte, includeUsage bool) ([]byte, Usage, *Error) {
	var c struct {
		ID      string `json:"id"`
		Created int64  `json:"created"`
		Model   string `json:"model"`
		Choices []struct {
			Message struct {
				Content          *string         `json:"content"`
				ReasoningContent string          `json:"reasoning_content"`
				ThinkingBlocks   []ThinkingBlock `json:"thinking_blocks"`
				ToolCalls        []ToolCall      `json:"tool_calls"`
			} `json:"message"`
			FinishReason string `json:"finish_reason"`
		} `json:"choices"`
		Usage *struct {
			PromptTokens     int `json:"prompt_tokens"`
			CompletionTokens int `json:"completion_tokens"`
			CachedTokens     int `json:"cache_read_input_tokens"`
			CacheWriteTokens int `json:"cache_creation_input_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(chat, &c); err != nil || len(c.Choices) == 0 {
		return dst, Usage{}, &Error{Status: http.StatusBadGateway, Type: ErrUpstream, Kind: FailUnavailable,
			Message: "the upstream's answer could not be read"}
	}
	w := NewChunkWriter(&Answering{Alias: c.Model, IncludeUsage: includeUsage}, c.ID, c.Created)
	m := &c.Choices[0].Message
	for _, b := range m.ThinkingBlocks {
		switch b.Type {
		case "redacted_thinking":
			w.RedactedThinking(b.Data)
		default:
			w.Reasoning([]byte(b.Thinking))
			w.Signature(b.Signature)
		}
	}
	if len(m.ThinkingBlocks) == 0 {
		w.Reasoning([]byte(m.ReasoningContent))
	}
	if m.Content != nil {
		w.Text([]byte(*m.Content))
	}
	for _, tc := range m.ToolCalls {
		w.ToolCall(tc.ID, tc.Function.Name)
		w.ToolArgs([]byte(tc.Function.Arguments))
	}
	w.Finish(c.Choices[0].FinishReason)
	if c.Usage != nil {
		w.Usage(Usage{PromptTokens: c.Usage.PromptTokens, CompletionTokens: c.Usage.CompletionTokens,
			CachedTokens: c.Usage.CachedTokens, CacheWriteTokens: c.Usage.CacheWriteTokens})
	}
	return w.Complete(dst, nil), w.Used(), nil
}
