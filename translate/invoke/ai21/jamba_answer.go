package ai21

import (
	"encoding/json"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// jambaAnswer is the part of a Jamba answer the gateway reads:
// {"id","choices":[{"index","message":{"role","content","tool_calls"},
// "finish_reason"}],"usage":{"prompt_tokens","completion_tokens",
// "total_tokens"},"meta","model"}.
type jambaAnswer struct {
	Choices []struct {
		Message struct {
			Content   *string `json:"content"`
			ToolCalls []struct {
				ID       string `json:"id"`
				Function struct {
					Name      string          `json:"name"`
					Arguments json.RawMessage `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

// Answer reads a Jamba answer's first choice (the request asked for one).
func (Jamba) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	var ans jambaAnswer
	if json.Unmarshal(body, &ans) != nil || len(ans.Choices) == 0 {
		return unreadable("an AI21 Jamba answer")
	}
	c := &ans.Choices[0]
	if c.Message.Content != nil {
		a.Text = *c.Message.Content
	}
	for _, tc := range c.Message.ToolCalls {
		a.ToolCalls = append(a.ToolCalls, translate.ToolCall{ID: tc.ID, Type: "function",
			Function: translate.FunctionCall{Name: tc.Function.Name, Arguments: argumentsText(tc.Function.Arguments)}})
	}
	a.Finish = jambaFinish(c.FinishReason, len(a.ToolCalls) > 0)
	if u := ans.Usage; u != nil {
		a.Usage = translate.Usage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens}
	}
	return nil
}

// argumentsText returns a tool call's arguments as the JSON text OpenAI
// carries them as: AI21 sends them as text, as OpenAI does, though its
// reference calls them an object; both are read.
func argumentsText(raw json.RawMessage) string {
	if len(raw) == 0 || jsonw.IsNull(raw) {
		return "{}"
	}
	if jsonw.IsString(raw) {
		return string(jsonw.AppendUnquoted(nil, raw))
	}
	return string(jsonw.AppendCompact(nil, raw))
}
