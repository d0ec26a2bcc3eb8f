package mistral

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// treatment is what the family does with a top-level member that the
// body builder does not translate itself.
type treatment uint8

const (
	// forward: not an OpenAI parameter, so the model's own (top_k,
	// safe_prompt, ...): sent as the client wrote it.
	forward treatment = iota
	// ignore: bookkeeping with no effect on the answer, or checked when
	// the request was parsed.
	ignore
	// dropAlways: a feature no Mistral model on Bedrock has (extended
	// thinking): left out and listed in State.Dropped, never sent to fail
	// upstream, as for Converse.
	dropAlways
	// refuse: an OpenAI parameter the models cannot honour: a 400 unless
	// the model drops parameters.
	refuse
	// refuseUnlessDefault: as refuse, except at the value that asks for
	// nothing (n 1, logprobs false, a zero penalty, ...).
	refuseUnlessDefault
)

// treatments lists the members with a treatment other than forward.
var treatments = map[string]treatment{
	"model": ignore, "stream": ignore, "stream_options": ignore, "user": ignore, "metadata": ignore,
	"store": ignore, "parallel_tool_calls": ignore, "safety_identifier": ignore, "prompt_cache_key": ignore,
	// ParseTextRequest refuses echo true and best_of above 1.
	"echo": ignore, "best_of": ignore,

	"thinking": dropAlways, "reasoning_effort": dropAlways,

	"n": refuseUnlessDefault, "logprobs": refuseUnlessDefault, "top_logprobs": refuseUnlessDefault,
	"presence_penalty": refuseUnlessDefault, "frequency_penalty": refuseUnlessDefault,
	"modalities": refuseUnlessDefault, "logit_bias": refuseUnlessDefault, "suffix": refuseUnlessDefault,

	"seed": refuse, "audio": refuse, "prediction": refuse, "service_tier": refuse, "web_search_options": refuse,
	"functions": refuse, "function_call": refuse, "verbosity": refuse,
	// A chat request's "prompt" would collide with the prompt body's own.
	"prompt": refuse,
}

// maxTopK bounds top_k, which is forwarded: a count of candidate tokens,
// so nothing above the largest vocabulary means anything. Bedrock holds
// it to its own range (1 to 200 for Mistral's models).
const maxTopK = 1_000_000

// members writes, drops or refuses the top-level members the body does
// not build itself (own reports those), in the request's order. A null
// member is not set, as in OpenAI's API; the gateway's own fields (keys,
// endpoints) never reach the model.
func (b *builder) members(members []translate.Member, own func(key string) bool) *translate.Error {
	for _, m := range members {
		if own(m.Key) || jsonw.IsNull(m.Value) || translate.GatewayField(m.Key) {
			continue
		}
		switch t := treatments[m.Key]; {
		case t == forward:
			if m.Key == "top_k" {
				if err := translate.CheckInt(m.Value, m.Key, 0, maxTopK); err != nil {
					return err
				}
			}
			b.key(m.Key)
			b.out = jsonw.AppendCompact(b.out, m.Value)
		case t == ignore:
		case t == dropAlways:
			b.drop(m.Key)
		case t == refuseUnlessDefault && asksNothing(m.Key, m.Value):
		default:
			if err := b.unsupported(m.Key); err != nil {
				return err
			}
		}
	}
	return nil
}

// asksNothing reports whether v is the value of key that asks for
// nothing the models lack.
func asksNothing(key string, v []byte) bool {
	switch key {
	case "n":
		return number(v) == 1
	case "logprobs":
		// A boolean for chat, a count for text completions.
		return string(v) == "false" || number(v) == 0
	case "top_logprobs", "presence_penalty", "frequency_penalty":
		return number(v) == 0
	case "logit_bias":
		m, ok := jsonw.ObjectMembers(v)
		if !ok {
			return false
		}
		_, _, more := m.Next()
		return !more
	case "suffix":
		return string(v) == `""`
	case "modalities":
		items, ok := jsonw.ArrayItems(v)
		if !ok {
			return false
		}
		for it, ok := items.Next(); ok; it, ok = items.Next() {
			if string(it) != `"text"` {
				return false
			}
		}
		return true
	}
	return false
}

// number reads a JSON number, or -1 for anything else.
func number(v []byte) float64 {
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return -1
	}
	return f
}

// chatOwn names the members a chat request's body is built from.
func chatOwn(key string) bool {
	switch key {
	case "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop",
		"tools", "tool_choice", "response_format":
		return true
	}
	return false
}

// textOwn names the members a text completion's prompt body is built
// from.
func textOwn(key string) bool {
	switch key {
	case "prompt", "max_tokens", "temperature", "top_p", "stop":
		return true
	}
	return false
}
