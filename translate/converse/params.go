package converse

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// members sorts the top-level members DecodeChatRequest does not decode:
// Converse fields passed through, members ignored, gateway fields never
// forwarded, OpenAI parameters Converse cannot honour, and everything else,
// which goes to additionalModelRequestFields for the model (top_k, ...).
// A null value means "not set" everywhere, as in OpenAI's API.
func (c *builder) members() *translate.Error {
	for _, m := range c.req.Members {
		if jsonw.IsNull(m.Value) {
			continue
		}
		switch m.Key {
		case "model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens",
			"temperature", "top_p", "stop", "tools", "tool_choice", "response_format", "thinking",
			"reasoning_effort":
			// Decoded into translate.ChatRequest and translated from there.
		case "user", "metadata", "store", "parallel_tool_calls", "safety_identifier", "prompt_cache_key":
			// Bookkeeping and hints with no Converse counterpart and no
			// effect on the answer: ignored, as OpenAI-compatible servers do.
		case "guardrailConfig", "performanceConfig", "requestMetadata":
			if m.Value[0] != '{' {
				return translate.BadRequest(m.Key, "'%s' must be an object", m.Key)
			}
			switch m.Key {
			case "guardrailConfig":
				c.out.GuardrailConfig = m.Value
			case "performanceConfig":
				c.out.PerformanceConfig = m.Value
			default:
				c.out.RequestMetadata = m.Value
			}
		case "n", "logprobs", "presence_penalty", "frequency_penalty", "modalities",
			"top_logprobs", "logit_bias", "seed", "audio", "prediction", "service_tier",
			"web_search_options", "functions", "function_call", "verbosity":
			if translate.NoEffect(m.Key, m.Value) {
				continue
			}
			if err := c.unsupported(m.Key); err != nil {
				return err
			}
		default:
			if translate.GatewayField(m.Key) {
				continue
			}
			c.additionalField(m.Key, m.Value)
		}
	}
	return nil
}

// additionalField adds "key": raw to additionalModelRequestFields. Raw
// values are copied verbatim; keys keep the request's order.
func (c *builder) additionalField(key string, raw []byte) {
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

func (c *builder) startField(key string) {
	if len(c.additional) == 0 {
		c.additional = append(make([]byte, 0, 64), '{')
	} else {
		c.additional = append(c.additional, ',')
	}
	c.additional = jsonw.AppendString(c.additional, key)
	c.additional = append(c.additional, ':')
}

const (
	// maxTopK bounds top_k, which the gateway moves into the model's own
	// fields. It counts candidate tokens, so nothing above the largest
	// vocabulary (about 260K entries) means anything.
	maxTopK = 1_000_000

	// minMaxTokens is Converse's minimum for inferenceConfig maxTokens
	// (API reference, InferenceConfiguration).
	minMaxTokens = 1
)

// bounds checks the integers Converse takes in a narrower range than
// ParseChatRequest allows: maxTokens is at least 1, and top_k, which goes
// into the model's own fields (where the gateway may move it), is a count.
func (c *builder) bounds() *translate.Error {
	if max := c.req.MaxOutputTokens(); max != nil && *max < minMaxTokens {
		return translate.OutOfRange(c.req.MaxOutputTokensParam(), minMaxTokens, translate.MaxTokenCount, strconv.Itoa(*max))
	}
	return translate.CheckInt(c.req.Member("top_k"), "top_k", 0, maxTopK)
}

// inferenceConfig sets maxTokens, temperature, topP and stopSequences.
func (c *builder) inferenceConfig() {
	req := c.req
	ic := InferenceConfig{MaxTokens: req.MaxOutputTokens(), Temperature: req.Temperature, TopP: req.TopP}
	if ic.MaxTokens == nil && c.thinkingBudget > 0 {
		// Anthropic needs max_tokens above the budget; leave room for the
		// answer. The budget is at most translate.MaxTokenCount, so this
		// cannot overflow.
		n := c.thinkingBudget + translate.ThinkingHeadroom
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
