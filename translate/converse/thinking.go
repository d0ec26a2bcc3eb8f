package converse

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// thinkingHeadroom is added to the budget for max_tokens when the client
// did not set max_tokens, so the answer has room after the reasoning.
const thinkingHeadroom = 4096

// thinking maps thinking and reasoning_effort to Anthropic extended
// thinking. thinking wins when both are set; an invalid reasoning_effort is
// refused even then, since it is wrong either way. On models without
// extended thinking both are dropped: they are hints, not contracts.
func (c *builder) thinking() *translate.Error {
	req := c.req
	effortBudget, ok := translate.ReasoningEffortBudget(req.ReasoningEffort)
	if !ok {
		return translate.BadRequest("reasoning_effort", "invalid value for 'reasoning_effort': %q (expected none, minimal, low, medium or high)", req.ReasoningEffort)
	}
	var budget int
	var source string
	byDefault := false
	switch {
	case req.Thinking != nil:
		switch req.Thinking.Type {
		case "enabled":
		case "disabled":
			return nil
		default:
			return translate.BadRequest("thinking.type", "invalid value for 'thinking.type': %q (expected \"enabled\" or \"disabled\")", req.Thinking.Type)
		}
		budget, source = req.Thinking.BudgetTokens, "thinking"
	case effortBudget > 0:
		budget, source = effortBudget, "reasoning_effort"
	case req.ReasoningEffort == "" && c.opts.DefaultThinkingBudget > 0:
		if !c.opts.Model.Thinking {
			return nil
		}
		// The operator's default yields when the request leaves it no
		// room, and when it is above translate.MaxTokenCount (configuration
		// should refuse that), so that adding the headroom to it cannot
		// overflow.
		if max := req.MaxOutputTokens(); (max != nil && *max <= c.opts.DefaultThinkingBudget) ||
			c.opts.DefaultThinkingBudget > translate.MaxTokenCount {
			c.drop("thinking")
			return nil
		}
		budget, source, byDefault = c.opts.DefaultThinkingBudget, "thinking", true
	default:
		return nil
	}
	if !c.opts.Model.Thinking {
		c.drop(source)
		return nil
	}
	// Anthropic refuses a tool-use turn continued without its signed
	// reasoning, which OpenAI clients rarely keep: thinking is turned off
	// for such a request rather than failing it, as LiteLLM does.
	if toolTurnWithoutThinking(req.Messages) {
		c.drop(source)
		return nil
	}
	if param, why := thinkingConflict(req); param != "" {
		if byDefault {
			// The operator's default yields to what the client asked for.
			c.drop("thinking")
			return nil
		}
		return translate.BadRequest(param, "'%s' cannot be combined with extended thinking (%s): %s; remove one of them", param, source, why)
	}
	// ParseChatRequest bounded the budget from above; Anthropic's minimum
	// applies here.
	if budget < translate.MinThinkingBudget {
		return translate.OutOfRange("thinking.budget_tokens", translate.MinThinkingBudget, translate.MaxTokenCount, strconv.Itoa(budget))
	}
	if max := req.MaxOutputTokens(); max != nil && *max <= budget {
		param := maxTokensParam(req)
		return translate.BadRequest(param, "'%s' (%d) must be greater than the thinking budget (%d): it covers the reasoning and the answer", param, *max, budget)
	}
	c.thinkingBudget = budget
	c.startField("thinking")
	c.additional = append(c.additional, `{"type":"enabled","budget_tokens":`...)
	c.additional = strconv.AppendInt(c.additional, int64(budget), 10)
	c.additional = append(c.additional, '}')
	return nil
}

// thinkingConflict names a request parameter Anthropic refuses alongside
// extended thinking, and why.
func thinkingConflict(req *translate.ChatRequest) (param, why string) {
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
func toolTurnWithoutThinking(msgs []translate.Message) bool {
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
