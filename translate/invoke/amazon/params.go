package amazon

import (
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// params sorts one request's top-level members for a family whose native
// body has a fixed schema: anything Bedrock does not know there is a
// ValidationException, so no parameter is forwarded blindly. What the
// family translates it reads itself; every other member goes through
// rest. Parameters the family cannot honour are a 400 naming them, or,
// with drop_params, left out and listed in dropped.
type params struct {
	family  string // named in errors: "Titan Text", "Nova"
	drop    bool
	dropped []string
}

// note records a parameter left out, once.
func (p *params) note(param string) {
	if !slices.Contains(p.dropped, param) {
		p.dropped = append(p.dropped, param)
	}
}

// unsupported refuses param, or leaves it out under drop_params.
func (p *params) unsupported(param string) *translate.Error {
	if !p.drop {
		return translate.Unsupported(param, p.family+" models")
	}
	p.note(param)
	return nil
}

// rest decides about a member the family does not translate. A null
// value means "not set", as everywhere in OpenAI's API.
func (p *params) rest(m translate.Member) *translate.Error {
	v := m.Value
	if jsonw.IsNull(v) || translate.GatewayField(m.Key) {
		return nil
	}
	switch m.Key {
	case "model", "messages", "prompt", "stream", "stream_options", "echo", "best_of":
		// Routing and framing, or already held to what can be served
		// (ParseTextRequest refuses echo and best_of above 1).
		return nil
	case "user", "metadata", "store", "parallel_tool_calls", "safety_identifier", "prompt_cache_key":
		// Bookkeeping with no effect on the answer: ignored, as for
		// Converse.
		return nil
	case "thinking", "reasoning_effort":
		// Hints, not contracts: a model that cannot think answers
		// without, as Converse routes do.
		p.note(m.Key)
		return nil
	case "n":
		if isNumber(v, 1) {
			return nil
		}
	case "presence_penalty", "frequency_penalty":
		if isNumber(v, 0) {
			return nil
		}
	case "logprobs":
		if string(v) == "false" {
			return nil
		}
	case "modalities":
		if textOnly(v) {
			return nil
		}
	}
	return p.unsupported(m.Key)
}

// isNumber reports whether the raw value v is the number want.
func isNumber(v []byte, want float64) bool {
	f, err := strconv.ParseFloat(string(v), 64)
	return err == nil && f == want
}

// textOnly reports whether modalities asks for text alone (or nothing).
func textOnly(v []byte) bool {
	items, ok := jsonw.ArrayItems(v)
	if !ok {
		return false
	}
	for item, more := items.Next(); more; item, more = items.Next() {
		if string(item) != `"text"` {
			return false
		}
	}
	return true
}
