package amazon

import (
	"encoding/json"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// novaAnswer is an InvokeModel answer of a Nova model: Converse's
// output and stopReason, and usage in Nova's own spelling (nova_usage.go).
type novaAnswer struct {
	Output struct {
		Message *converse.Message `json:"message"`
	} `json:"output"`
	StopReason string          `json:"stopReason"`
	Usage      json.RawMessage `json:"usage"`
}

// Answer reads output.message's blocks as Converse's answer is read: text
// in order, reasoning blocks with their signatures, tool calls under the
// client's own ids, and the response_format tool's input as the content.
func (Nova) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	var ans novaAnswer
	if json.Unmarshal(body, &ans) != nil || ans.Output.Message == nil {
		return unreadable("Nova answer")
	}
	cst, _ := st.Family.(*converse.State)
	var text strings.Builder
	formatted := false // the response_format tool answered
	for _, b := range ans.Output.Message.Content {
		switch {
		case b.Text != nil:
			text.WriteString(*b.Text)
		case b.ToolUse != nil:
			args := "{}"
			if len(b.ToolUse.Input) > 0 {
				args = string(jsonw.AppendCompact(nil, b.ToolUse.Input))
			}
			if isJSONTool(cst, b.ToolUse.Name) {
				a.Text, formatted = args, true
				continue
			}
			a.ToolCalls = append(a.ToolCalls, translate.ToolCall{ID: clientToolID(cst, b.ToolUse.ToolUseID), Type: "function",
				Function: translate.FunctionCall{Name: b.ToolUse.Name, Arguments: args}})
		case b.ReasoningContent != nil:
			if rt := b.ReasoningContent.ReasoningText; rt != nil {
				a.Reasoning = append(a.Reasoning, translate.ThinkingBlock{Type: "thinking", Thinking: rt.Text, Signature: rt.Signature})
			} else if data := b.ReasoningContent.RedactedContent; data != "" {
				a.Reasoning = append(a.Reasoning, translate.ThinkingBlock{Type: "redacted_thinking", Data: data})
			}
		}
	}
	if !formatted {
		// A preamble next to the formatted answer would make the content
		// unparseable as JSON: the tool's input alone is the answer.
		a.Text = text.String()
	}
	a.Finish = novaFinish(ans.StopReason, len(a.ToolCalls) > 0, formatted)
	if ans.Usage != nil {
		u, ok := bedrockruntime.Usage(ans.Usage)
		if !ok {
			return unreadable("Nova answer")
		}
		a.Usage = u
	}
	return nil
}

// novaFinish maps a stopReason as for Converse; a call of the
// response_format tool alone is how the answer was produced, not a call
// for the client to make, so it ends with "stop".
func novaFinish(stopReason string, calls, formatted bool) string {
	fr := bedrockruntime.FinishReason(stopReason)
	if fr == "tool_calls" && !calls && formatted {
		return "stop"
	}
	return fr
}

// isJSONTool reports whether name is the tool the gateway forced for
// response_format.
func isJSONTool(cst *converse.State, name string) bool {
	return cst != nil && cst.JSONTool != "" && name == cst.JSONTool
}

// clientToolID returns the id the client knows for a Bedrock toolUseId.
func clientToolID(cst *converse.State, id string) string {
	if cst == nil {
		return id
	}
	return cst.ClientToolID(id)
}
