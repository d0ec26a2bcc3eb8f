package translate

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Extended thinking as OpenAI clients ask for it: Anthropic's "thinking"
// parameter (see Thinking) or OpenAI's reasoning_effort, which every route
// that can reason maps to a budget of thinking tokens.

// ReasoningEffortBudget maps OpenAI's reasoning_effort to an extended
// thinking budget, with LiteLLM's figures so budgets carry over. "none" and
// "" mean no thinking; ok is false for values that are not efforts.
func ReasoningEffortBudget(effort string) (budget int, ok bool) {
	switch effort {
	case "", "none":
		return 0, true
	case "minimal", "low":
		return 1024, true
	case "medium":
		return 2048, true
	case "high":
		return 4096, true
	}
	return 0, false
}

// MinThinkingBudget is Anthropic's smallest budget_tokens.
const MinThinkingBudget = 1024

// ThinkingHeadroom is added to the thinking budget to make max_tokens when
// the client set none, so that the answer has room after the reasoning.
const ThinkingHeadroom = 4096

// ExtendedThinking decides the extended-thinking budget of a request to an
// Anthropic model by Anthropic's rules, which hold on every API that
// reaches one (Converse, InvokeModel). canThink says whether the model
// takes extended thinking; defaultBudget is the operator's default for
// requests that ask for none. budget is 0 when thinking stays off; dropped
// names the parameter left out of the request ("thinking" or
// "reasoning_effort"), or is empty.
//
// thinking wins when both it and reasoning_effort are set; an invalid
// reasoning_effort is refused even then, since it is wrong either way. On
// models without extended thinking both are dropped: they are hints, not
// contracts.
func ExtendedThinking(req *ChatRequest, canThink bool, defaultBudget int) (budget int, dropped string, err *Error) {
	effortBudget, ok := ReasoningEffortBudget(req.ReasoningEffort)
	if !ok {
		return 0, "", BadRequest("reasoning_effort", "invalid value for 'reasoning_effort': %q (expected none, minimal, low, medium or high)", req.ReasoningEffort)
	}
	var source string
	byDefault := false
	switch {
	case req.Thinking != nil:
		switch req.Thinking.Type {
		case "enabled":
		case "disabled":
			return 0, "", nil
		default:
			return 0, "", BadRequest("thinking.type", "invalid value for 'thinking.type': %q (expected \"enabled\" or \"disabled\")", req.Thinking.Type)
		}
		budget, source = req.Thinking.BudgetTokens, "thinking"
	case effortBudget > 0:
		budget, source = effortBudget, "reasoning_effort"
	case req.ReasoningEffort == "" && defaultBudget > 0:
		if !canThink {
			return 0, "", nil
		}
		// The operator's default yields when the request leaves it no
		// room, and when it is above MaxTokenCount (configuration should
		// refuse that), so that adding the headroom to it cannot overflow.
		if max := req.MaxOutputTokens(); (max != nil && *max <= defaultBudget) || defaultBudget > MaxTokenCount {
			return 0, "thinking", nil
		}
		budget, source, byDefault = defaultBudget, "thinking", true
	default:
		return 0, "", nil
	}
	if !canThink {
		return 0, source, nil
	}
	// Anthropic refuses a tool-use turn continued without its signed
	// reasoning, which OpenAI clients rarely keep: thinking is turned off
	// for such a request rather than failing it, as LiteLLM does.
	if toolTurnWithoutThinking(req.Messages) {
		return 0, source, nil
	}
	if param, why := thinkingConflict(req); param != "" {
		if byDefault {
			// The operator's default yields to what the client asked for.
			return 0, "thinking", nil
		}
		return 0, "", BadRequest(param, "'%s' cannot be combined with extended thinking (%s): %s; remove one of them", param, source, why)
	}
	// ParseChatRequest bounded the budget from above; Anthropic's minimum
	// applies here.
	if budget < MinThinkingBudget {
		return 0, "", OutOfRange("thinking.budget_tokens", MinThinkingBudget, MaxTokenCount, strconv.Itoa(budget))
	}
	if max := req.MaxOutputTokens(); max != nil && *max <= budget {
		param := req.MaxOutputTokensParam()
		return 0, "", BadRequest(param, "'%s' (%d) must be greater than the thinking budget (%d): it covers the reasoning and the answer", param, *max, budget)
	}
	return budget, "", nil
}

// thinkingConflict names a request parameter Anthropic refuses alongside
// extended thinking, and why.
func thinkingConflict(req *ChatRequest) (param, why string) {
	switch {
	case req.Temperature != nil && *req.Temperature != 1:
		return "temperature", "with thinking, temperature may only be 1"
	case req.TopP != nil && (*req.TopP < 0.95 || *req.TopP > 1):
		return "top_p", "with thinking, top_p must be between 0.95 and 1"
	case req.Member("top_k") != nil && !jsonw.IsNull(req.Member("top_k")):
		return "top_k", "thinking does not allow top_k"
	case len(req.Messages) > 1 && req.Messages[len(req.Messages)-1].Role == "assistant":
		return "messages", "an assistant message last (a prefill) cannot be continued while thinking"
	}
	return "", ""
}

// toolTurnWithoutThinking reports whether the conversation continues an
// assistant tool-call turn (only tool results follow it) that carries no
// thinking_blocks.
func toolTurnWithoutThinking(msgs []Message) bool {
	for i := len(msgs) - 1; i >= 0; i-- {
		switch m := &msgs[i]; m.Role {
		case "tool":
			continue
		case "assistant":
			return len(m.ToolCalls) > 0 && len(m.ThinkingBlocks) == 0
		default:
			return false
		}
	}
	return false
}
