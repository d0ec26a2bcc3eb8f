package cohere

import (
	"encoding/json"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// chatAnswer is Command R's answer: {"response_id", "text",
// "generation_id", "citations", "finish_reason", "tool_calls": [{"name",
// "parameters"}], "chat_history", "meta": {"billed_units": {...}}}.
type chatAnswer struct {
	Text         string `json:"text"`
	GenerationID string `json:"generation_id"`
	FinishReason string `json:"finish_reason"`
	ToolCalls    []struct {
		Name       string          `json:"name"`
		Parameters json.RawMessage `json:"parameters"`
	} `json:"tool_calls"`
	Meta *meta `json:"meta"`
}

// meta counts the tokens: billed_units as Bedrock's page gives it, tokens
// where Cohere sends that instead.
type meta struct {
	BilledUnits *units `json:"billed_units"`
	Tokens      *units `json:"tokens"`
}

type units struct {
	InputTokens  float64 `json:"input_tokens"`
	OutputTokens float64 `json:"output_tokens"`
}

func (m *meta) usage() (translate.Usage, bool) {
	u := m.BilledUnits
	if u == nil {
		u = m.Tokens
	}
	if u == nil {
		return translate.Usage{}, false
	}
	return translate.Usage{PromptTokens: int(u.InputTokens), CompletionTokens: int(u.OutputTokens)}, true
}

// Answer reads the text (the tool plan, when the model calls tools) and
// the tool calls, with ids made from the generation id (toolCallID) and
// the client's tool names. Cohere ends a tool call with COMPLETE; OpenAI
// says tool_calls.
func (commandR) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	var ans chatAnswer
	if json.Unmarshal(body, &ans) != nil {
		return unreadable("answer")
	}
	finish, ok := finishReason(ans.FinishReason)
	if !ok {
		return modelFailed()
	}
	cs := chatStateOf(st)
	a.Text = ans.Text
	for i, tc := range ans.ToolCalls {
		args := "{}"
		if len(tc.Parameters) > 0 && !jsonw.IsNull(tc.Parameters) {
			args = string(jsonw.AppendCompact(nil, tc.Parameters))
		}
		a.ToolCalls = append(a.ToolCalls, translate.ToolCall{
			ID: toolCallID([]byte(ans.GenerationID), i), Type: "function",
			Function: translate.FunctionCall{Name: cs.clientName([]byte(tc.Name)), Arguments: args},
		})
	}
	if finish == "stop" && len(a.ToolCalls) > 0 {
		finish = "tool_calls"
	}
	a.Finish = finish
	if ans.Meta != nil {
		a.Usage, _ = ans.Meta.usage()
	}
	return nil
}
