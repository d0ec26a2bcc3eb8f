package translate

import (
	"encoding/json"
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
		return dst, Usage{}, BadUpstream("the upstream's answer could not be read")
	}
	m := &c.Choices[0].Message
	a := Answer{Reasoning: m.ThinkingBlocks, ToolCalls: m.ToolCalls, Finish: c.Choices[0].FinishReason}
	if len(a.Reasoning) == 0 && m.ReasoningContent != "" {
		a.Reasoning = []ThinkingBlock{{Type: "thinking", Thinking: m.ReasoningContent}}
	}
	if m.Content != nil {
		a.Text = *m.Content
	}
	if c.Usage != nil {
		a.Usage = Usage{PromptTokens: c.Usage.PromptTokens, CompletionTokens: c.Usage.CompletionTokens,
			CachedTokens: c.Usage.CachedTokens, CacheWriteTokens: c.Usage.CacheWriteTokens}
	}
	w := NewChunkWriter(&Answering{Alias: c.Model, IncludeUsage: includeUsage}, c.ID, c.Created)
	w.Replay(&a)
	return w.Complete(dst, nil), w.Used(), nil
}
