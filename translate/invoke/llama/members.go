package llama

import (
	"math"
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// fate is what becomes of one top-level member of a request.
type fate uint8

const (
	used    fate = iota // translated into the body, or of no effect on the answer
	extra               // no OpenAI parameter: it goes to the model as it is
	refused             // an OpenAI parameter the family cannot honour: 400, or dropped with drop_params
	dropped             // left out whatever the line says, with a debug log
)

// member decides the fate of m. A null value means "not set", as in
// OpenAI's API. chat is nil for a text completion.
func (s *Spec) member(m translate.Member, chat *translate.ChatRequest, stop []string) fate {
	v := m.Value
	if jsonw.IsNull(v) || translate.GatewayField(m.Key) {
		return used
	}
	switch m.Key {
	case "model", "stream", "stream_options", "max_tokens", "temperature", "top_p",
		// Bookkeeping, and text completion options checked when the
		// request was parsed.
		"user", "metadata", "store", "parallel_tool_calls", "safety_identifier", "prompt_cache_key", "echo", "best_of":
		return used
	case "messages", "max_completion_tokens":
		return ifElse(chat != nil, used, extra)
	case "prompt":
		// In a chat, a key of the body itself, which the gateway writes.
		return ifElse(chat == nil, used, refused)
	case s.MaxTokens:
		return refused // max_gen_len beside max_tokens: the gateway writes it
	case "thinking", "reasoning_effort":
		// No prompt family can be told to think or not to.
		return dropped
	case "stop":
		return ifElse(s.Stop || len(nonEmpty(stop)) == 0, used, refused)
	case "n":
		return ifElse(number(v) == 1, used, refused)
	case "logprobs":
		return ifElse(string(v) == "false" || number(v) == 0, used, refused)
	case "presence_penalty", "frequency_penalty":
		return ifElse(number(v) == 0, used, refused)
	case "modalities":
		return ifElse(textOnly(v), used, refused)
	case "suffix":
		return ifElse(string(v) == `""`, used, refused)
	case "tools":
		return ifElse(chat != nil && len(chat.Tools) == 0, used, refused)
	case "tool_choice":
		// Without tools, "auto" and "none" both ask for an answer in text.
		ok := chat != nil && chat.ToolChoice != nil && (chat.ToolChoice.Mode == "auto" || chat.ToolChoice.Mode == "none")
		return ifElse(ok, used, refused)
	case "response_format":
		return ifElse(chat != nil && chat.ResponseFormat != nil && chat.ResponseFormat.Type == "text", used, refused)
	case "top_logprobs", "logit_bias", "seed", "audio", "prediction", "service_tier",
		"web_search_options", "functions", "function_call", "verbosity":
		return refused
	}
	return extra
}

func ifElse(cond bool, yes, no fate) fate {
	if cond {
		return yes
	}
	return no
}

// drop records a parameter left out, once.
func drop(st *invoke.State, param string) {
	if !slices.Contains(st.Dropped, param) {
		st.Dropped = append(st.Dropped, param)
	}
}

// number reads a JSON number; anything else is NaN, equal to nothing.
func number(v []byte) float64 {
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// textOnly reports whether modalities asks for text alone (or for
// nothing), which every model gives.
func textOnly(v []byte) bool {
	items, ok := jsonw.ArrayItems(v)
	if !ok {
		return false
	}
	for item, ok := items.Next(); ok; item, ok = items.Next() {
		if !jsonw.KeyIs(item, "text") {
			return false
		}
	}
	return true
}
