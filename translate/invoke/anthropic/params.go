package anthropic

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

const (
	// maxTopK bounds top_k: it counts candidate tokens, so nothing above
	// the largest vocabulary means anything.
	maxTopK = 1_000_000
	// minMaxTokens is the Messages API's minimum max_tokens.
	minMaxTokens = 1
)

// bounds checks the integers the Messages API takes in a narrower range
// than ParseChatRequest allows.
func (b *builder) bounds() *translate.Error {
	if max := b.req.MaxOutputTokens(); max != nil && *max < minMaxTokens {
		return translate.OutOfRange(b.req.MaxOutputTokensParam(), minMaxTokens, translate.MaxTokenCount, strconv.Itoa(*max))
	}
	return translate.CheckInt(b.req.Member("top_k"), "top_k", 0, maxTopK)
}

// members sorts the top-level members DecodeContent does not decode:
// OpenAI parameters Claude cannot honour, members ignored, gateway fields
// never forwarded, members the body holds under another name, and the
// rest, which pass through for the model (top_k, anthropic_beta, ...). A
// null value means "not set", as in OpenAI's API.
func (b *builder) members() *translate.Error {
	for _, m := range b.req.Members {
		if jsonw.IsNull(m.Value) {
			continue
		}
		switch m.Key {
		case "model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens",
			"temperature", "top_p", "stop", "tools", "tool_choice", "response_format", "thinking",
			"reasoning_effort", "user", "safety_identifier", "parallel_tool_calls":
			// Decoded into translate.ChatRequest, or read where they are
			// translated.
		case "metadata", "store", "prompt_cache_key":
			// Bookkeeping and hints with no counterpart here and no effect
			// on the answer: ignored, as OpenAI-compatible servers do.
			// (OpenAI's metadata is not Anthropic's: user becomes that.)
		case "anthropic_version", "system", "stop_sequences":
			return translate.BadRequest(m.Key, "'%s' is written by the gateway (from %s); send that instead", m.Key, ownedBy(m.Key))
		case "n", "logprobs", "presence_penalty", "frequency_penalty", "modalities",
			"top_logprobs", "logit_bias", "seed", "audio", "prediction", "service_tier",
			"web_search_options", "functions", "function_call", "verbosity":
			if translate.NoEffect(m.Key, m.Value) {
				continue
			}
			if err := b.unsupported(m.Key); err != nil {
				return err
			}
		default:
			if translate.GatewayField(m.Key) {
				continue
			}
			b.addExtra(m.Key, m.Value)
		}
	}
	return nil
}

// ownedBy names the OpenAI parameter a body member is made from.
func ownedBy(key string) string {
	switch key {
	case "system":
		return "system and developer messages"
	case "stop_sequences":
		return "stop"
	}
	return "the model line"
}

// params sets max_tokens, temperature, top_p, stop_sequences and
// metadata.
func (b *builder) params() *translate.Error {
	req := b.req
	if max := req.MaxOutputTokens(); max != nil {
		b.out.MaxTokens = *max
	} else {
		b.out.MaxTokens = b.model.maxTokens(b.thinkingBudget)
	}
	b.out.Temperature, b.out.TopP = req.Temperature, req.TopP
	for _, s := range req.Stop {
		// Anthropic refuses empty stop sequences; they can never match.
		if s != "" {
			b.out.StopSequences = append(b.out.StopSequences, s)
		}
	}
	var err *translate.Error
	b.out.Metadata, err = b.user()
	return err
}

// user makes metadata.user_id of user (or OpenAI's newer
// safety_identifier), which Anthropic takes to spot abuse per end user.
func (b *builder) user() (*meta, *translate.Error) {
	for _, key := range []string{"user", "safety_identifier"} {
		raw := b.req.Member(key)
		switch {
		case raw == nil || jsonw.IsNull(raw) || string(raw) == `""`:
			continue
		case !jsonw.IsString(raw):
			return nil, translate.BadRequest(key, "invalid value for '%s': expected a string", key)
		}
		return &meta{UserID: string(jsonw.AppendUnquoted(nil, raw))}, nil
	}
	return nil, nil
}

// thinking maps thinking and reasoning_effort to extended thinking, by
// the rules translate.ExtendedThinking applies.
func (b *builder) thinking() *translate.Error {
	n, dropped, err := translate.ExtendedThinking(b.req, b.model.Thinking, b.opts.DefaultThinkingBudget)
	if err != nil {
		return err
	}
	if dropped != "" {
		b.drop(dropped)
	}
	if n > 0 {
		b.thinkingBudget = n
		b.out.Thinking = &budget{Type: "enabled", BudgetTokens: n}
	}
	return nil
}
