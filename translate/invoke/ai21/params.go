package ai21

import (
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// params is what both families do with a request's top-level members:
// refuse (or, with drop_params, drop) what neither can honour, ignore
// bookkeeping, and keep a list of what was dropped.
type params struct {
	// family names the models in errors: "AI21 Jamba models".
	family string
	drop   bool
	st     *invoke.State
}

// dropped records param as removed from the request, once.
func (p *params) dropped(param string) {
	if !slices.Contains(p.st.Dropped, param) {
		p.st.Dropped = append(p.st.Dropped, param)
	}
}

// unsupported refuses param, or drops it when the model drops parameters.
func (p *params) unsupported(param string) *translate.Error {
	return p.unsupportedBy(param, p.family)
}

// unsupportedBy is unsupported for some models of the family only.
func (p *params) unsupportedBy(param, models string) *translate.Error {
	if !p.drop {
		return translate.Unsupported(param, models)
	}
	p.dropped(param)
	return nil
}

// notText refuses content the models cannot take (images, documents,
// tool calls on a model without tools), naming where it is, or drops it.
func (p *params) notText(where, models, what string) *translate.Error {
	if p.drop {
		p.dropped(where)
		return nil
	}
	e := translate.BadRequest(where, "%s take text only: %s cannot be sent to them; remove them, or set drop_params on the model to leave them out", models, what)
	e.Code = "unsupported_content"
	return e
}

// common handles the members both families treat alike, and reports
// whether m was one of them. Null values are the caller's to skip: null
// means "not set" everywhere, as in OpenAI's API.
func (p *params) common(m translate.Member) (bool, *translate.Error) {
	switch m.Key {
	case "model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens",
		"temperature", "top_p", "stop":
		// Decoded into translate.ChatRequest; the family writes them.
		return true, nil
	case "user", "metadata", "store", "parallel_tool_calls", "safety_identifier", "prompt_cache_key":
		// Bookkeeping with no effect on the answer: ignored, as
		// OpenAI-compatible servers do.
		return true, nil
	case "thinking", "reasoning_effort":
		// AI21's models do not reason: dropped, as on Converse for models
		// that cannot think, rather than sent to fail upstream.
		p.dropped(m.Key)
		return true, nil
	case "n":
		// The answer has one choice.
		if f, err := strconv.ParseFloat(string(m.Value), 64); err != nil || f != 1 {
			return true, p.unsupported(m.Key)
		}
		return true, nil
	case "logprobs":
		if string(m.Value) != "false" {
			return true, p.unsupported(m.Key)
		}
		return true, nil
	case "modalities":
		if !textOnly(m.Value) {
			return true, p.unsupported(m.Key)
		}
		return true, nil
	case "top_logprobs", "logit_bias", "seed", "audio", "prediction", "service_tier",
		"web_search_options", "functions", "function_call", "verbosity":
		return true, p.unsupported(m.Key)
	}
	// Routing and credential fields are never forwarded.
	return translate.GatewayField(m.Key), nil
}

// each calls do for each member that is set and that common does not
// handle, in the request's order.
func (p *params) each(req *translate.ChatRequest, do func(m translate.Member) *translate.Error) *translate.Error {
	for _, m := range req.Members {
		if jsonw.IsNull(m.Value) {
			continue
		}
		done, err := p.common(m)
		if err == nil && !done {
			err = do(m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// textOnly reports whether modalities asks for text and nothing else.
func textOnly(modalities []byte) bool {
	items, ok := jsonw.ArrayItems(modalities)
	if !ok {
		return false
	}
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		if string(v) != `"text"` {
			return false
		}
	}
	return true
}

// stops returns the non-empty stop sequences: an empty one can never
// match, and the models refuse it.
func stops(req *translate.ChatRequest) []string {
	out := make([]string, 0, len(req.Stop)+1)
	for _, s := range req.Stop {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// number returns the raw value of the member key when it is set.
func number(req *translate.ChatRequest, key string) ([]byte, bool) {
	v := req.Member(key)
	return v, v != nil && !jsonw.IsNull(v)
}
