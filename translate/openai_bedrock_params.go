package translate

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// members sorts the top-level members DecodeChatRequest does not decode:
// Converse fields passed through, members ignored, gateway fields never
// forwarded, OpenAI parameters Converse cannot honour, and everything else,
// which goes to additionalModelRequestFields for the model (top_k, ...).
// A null value means "not set" everywhere, as in OpenAI's API.
func (c *converseBuilder) members() *Error {
	for _, m := range c.req.Members {
		if jsonw.IsNull(m.Value) {
			continue
		}
		switch m.Key {
		case "model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens",
			"temperature", "top_p", "stop", "tools", "tool_choice", "response_format", "thinking",
			"reasoning_effort":
			// Decoded into ChatRequest and translated from there.
		case "user", "metadata", "store", "parallel_tool_calls", "safety_identifier", "prompt_cache_key":
			// Bookkeeping and hints with no Converse counterpart and no
			// effect on the answer: ignored, as OpenAI-compatible servers do.
		case "guardrailConfig", "performanceConfig", "requestMetadata":
			if m.Value[0] != '{' {
				return BadRequest(m.Key, "'%s' must be an object", m.Key)
			}
			switch m.Key {
			case "guardrailConfig":
				c.out.GuardrailConfig = m.Value
			case "performanceConfig":
				c.out.PerformanceConfig = m.Value
			default:
				c.out.RequestMetadata = m.Value
			}
		case "n":
			if f, err := strconv.ParseFloat(string(m.Value), 64); err != nil || f != 1 {
				if err := c.unsupported(m.Key); err != nil {
					return err
				}
			}
		case "logprobs":
			if string(m.Value) != "false" {
				if err := c.unsupported(m.Key); err != nil {
					return err
				}
			}
		case "presence_penalty", "frequency_penalty":
			if f, err := strconv.ParseFloat(string(m.Value), 64); err != nil || f != 0 {
				if err := c.unsupported(m.Key); err != nil {
					return err
				}
			}
		case "modalities":
			if !textModalityOnly(m.Value) {
				if err := c.unsupported(m.Key); err != nil {
					return err
				}
			}
		case "top_logprobs", "logit_bias", "seed", "audio", "prediction", "service_tier",
			"web_search_options", "functions", "function_call", "verbosity":
			if err := c.unsupported(m.Key); err != nil {
				return err
			}
		default:
			if GatewayField(m.Key) {
				continue
			}
			c.additionalField(m.Key, m.Value)
		}
	}
	return nil
}

// textModalityOnly reports whether modalities is ["text"] (or empty),
// which every model honours.
func textModalityOnly(v []byte) bool {
	var mods []string
	if err := unmarshalNullable(v, &mods); err != nil {
		return false
	}
	for _, m := range mods {
		if m != "text" {
			return false
		}
	}
	return true
}

// additionalField adds "key": raw to additionalModelRequestFields. Raw
// values are copied verbatim; keys keep the request's order.
func (c *converseBuilder) additionalField(key string, raw []byte) {
	// Amazon Nova takes top_k inside its own inferenceConfig (LiteLLM maps
	// it the same way); other models take top_k as it is.
	if key == "top_k" && strings.HasPrefix(c.opts.Model.ID, "amazon.nova") && c.req.Member("inferenceConfig") == nil {
		c.startField("inferenceConfig")
		c.additional = append(c.additional, `{"topK":`...)
		c.additional = append(c.additional, raw...)
		c.additional = append(c.additional, '}')
		return
	}
	c.startField(key)
	c.additional = append(c.additional, raw...)
}

func (c *converseBuilder) startField(key string) {
	if len(c.additional) == 0 {
		c.additional = append(make([]byte, 0, 64), '{')
	} else {
		c.additional = append(c.additional, ',')
	}
	c.additional = AppendString(c.additional, key)
	c.additional = append(c.additional, ':')
}

// thinking maps thinking and reasoning_effort to Anthropic extended
// thinking. thinking wins when both are set; an invalid reasoning_effort is
// refused even then, since it is wrong either way. On models without
// extended thinking both are dropped: they are hints, not contracts.
func (c *converseBuilder) thinking() *Error {
	req := c.req
	effortBudget, ok := ReasoningEffortBudget(req.ReasoningEffort)
	if !ok {
		return BadRequest("reasoning_effort", "invalid value for 'reasoning_effort': %q (expected none, minimal, low, medium or high)", req.ReasoningEffort)
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
			return BadRequest("thinking.type", "invalid value for 'thinking.type': %q (expected \"enabled\" or \"disabled\")", req.Thinking.Type)
		}
		budget, source = req.Thinking.BudgetTokens, "thinking"
	case effortBudget > 0:
		budget, source = effortBudget, "reasoning_effort"
	case req.ReasoningEffort == "" && c.opts.DefaultThinkingBudget > 0:
		if !c.opts.Model.Thinking {
			return nil
		}
		// The operator's default yields when the request leaves it no
		// room, and when it is above MaxTokenCount (configuration should
		// refuse that), so that adding the headroom to it cannot overflow.
		if max := req.MaxOutputTokens(); (max != nil && *max <= c.opts.DefaultThinkingBudget) ||
			c.opts.DefaultThinkingBudget > MaxTokenCount {
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
		return BadRequest(param, "'%s' cannot be combined with extended thinking (%s): %s; remove one of them", param, source, why)
	}
	// ParseChatRequest bounded the budget from above; Anthropic's minimum
	// applies here.
	if budget < MinThinkingBudget {
		return outOfRange("thinking.budget_tokens", MinThinkingBudget, MaxTokenCount, strconv.Itoa(budget))
	}
	if max := req.MaxOutputTokens(); max != nil && *max <= budget {
		param := maxTokensParam(req)
		return BadRequest(param, "'%s' (%d) must be greater than the thinking budget (%d): it covers the reasoning and the answer", param, *max, budget)
	}
	c.thinkingBudget = budget
	c.startField("thinking")
	c.additional = append(c.additional, `{"type":"enabled","budget_tokens":`...)
	c.additional = strconv.AppendInt(c.additional, int64(budget), 10)
	c.additional = append(c.additional, '}')
	return nil
}

// bounds checks the integers Converse takes in a narrower range than
// ParseChatRequest allows: maxTokens is at least 1, and top_k, which goes
// into the model's own fields (where the gateway may move it), is a count.
func (c *converseBuilder) bounds() *Error {
	if max := c.req.MaxOutputTokens(); max != nil && *max < minConverseMaxTokens {
		return outOfRange(maxTokensParam(c.req), minConverseMaxTokens, MaxTokenCount, strconv.Itoa(*max))
	}
	return checkInt(c.req.Member("top_k"), "top_k", 0, maxTopK)
}

// maxTokensParam names the parameter MaxOutputTokens was read from.
func maxTokensParam(req *ChatRequest) string {
	if req.MaxCompletionTokens != nil {
		return "max_completion_tokens"
	}
	return "max_tokens"
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

// inferenceConfig sets maxTokens, temperature, topP and stopSequences.
func (c *converseBuilder) inferenceConfig() {
	req := c.req
	ic := InferenceConfig{MaxTokens: req.MaxOutputTokens(), Temperature: req.Temperature, TopP: req.TopP}
	if ic.MaxTokens == nil && c.thinkingBudget > 0 {
		// Anthropic needs max_tokens above the budget; leave room for the
		// answer. The budget is at most MaxTokenCount, so this cannot
		// overflow.
		n := c.thinkingBudget + thinkingHeadroom
		ic.MaxTokens = &n
	}
	for i, s := range req.Stop {
		// Converse refuses empty stop sequences; they can never match anyway.
		if s == "" {
			continue
		}
		if ic.StopSequences == nil {
			ic.StopSequences = make([]string, 0, len(req.Stop)-i)
		}
		ic.StopSequences = append(ic.StopSequences, s)
	}
	if ic.MaxTokens != nil || ic.Temperature != nil || ic.TopP != nil || ic.StopSequences != nil {
		c.out.InferenceConfig = &ic
	}
}
