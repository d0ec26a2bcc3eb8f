package cohere

import (
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// spec says what one family's models take beyond the parameters every
// Cohere model takes (max_tokens, temperature, p, k, stop_sequences).
type spec struct {
	// name is the family's, for errors: "<name> models".
	name string
	// native are OpenAI parameters the models take under the same name
	// and meaning, forwarded as they are: Command R has seed and both
	// penalties, Command none of them.
	native []string
}

var (
	commandSpec  = spec{name: "cohere"}
	commandRSpec = spec{name: "cohere_chat", native: []string{"seed", "frequency_penalty", "presence_penalty"}}
)

// maxTopK is the largest k Cohere's models take (both parameter pages).
const maxTopK = 500

// request is what one translation has learned of the request's top-level
// members.
type request struct {
	spec *spec
	opts *invoke.Options
	st   *invoke.State
	// topK is top_k, sent as k.
	topK []byte
	// extras are forwarded to the model as they are.
	extras []translate.Member
}

func newRequest(s *spec, opts *invoke.Options, st *invoke.State) *request {
	return &request{spec: s, opts: opts, st: st}
}

// drop records a parameter left out of the request, once.
func (r *request) drop(param string) {
	if !slices.Contains(r.st.Dropped, param) {
		r.st.Dropped = append(r.st.Dropped, param)
	}
}

// unsupported refuses param, or drops it when the model drops
// parameters.
func (r *request) unsupported(param string) *translate.Error {
	if !r.opts.DropParams {
		return translate.Unsupported(param, r.spec.name+" models")
	}
	r.drop(param)
	return nil
}

// members sorts the top-level members of a chat or text completions
// request that the parsed request does not carry: ignored, dropped,
// refused, translated (top_k), or forwarded to the model as they are
// (k, truncate, documents, ...: whatever the gateway does not know is
// the model's own). A null value means "not set", as in OpenAI's API.
func (r *request) members(members []translate.Member) *translate.Error {
	for _, m := range members {
		if jsonw.IsNull(m.Value) {
			continue
		}
		if err := r.member(m); err != nil {
			return err
		}
	}
	return nil
}

func (r *request) member(m translate.Member) *translate.Error {
	switch m.Key {
	case "model", "messages", "prompt", "stream", "stream_options", "max_tokens", "max_completion_tokens",
		"temperature", "top_p", "stop", "tools", "tool_choice", "suffix", "echo", "best_of":
		// Read from the parsed request, or refused by its parser.
		return nil
	case "user", "metadata", "store", "parallel_tool_calls", "safety_identifier", "prompt_cache_key":
		// Bookkeeping with no effect on the answer: ignored, as
		// OpenAI-compatible servers do.
		return nil
	case "thinking", "reasoning_effort":
		// Cohere's models do not think: dropped, never sent to fail.
		r.drop(m.Key)
		return nil
	case "top_k":
		if err := translate.CheckInt(m.Value, m.Key, 0, maxTopK); err != nil {
			return err
		}
		r.topK = m.Value
		return nil
	}
	if slices.Contains(r.spec.native, m.Key) {
		r.extras = append(r.extras, m)
		return nil
	}
	if harmless(m) {
		return nil
	}
	switch m.Key {
	case "n", "num_generations", "logprobs", "frequency_penalty", "presence_penalty", "response_format",
		"modalities", "top_logprobs", "logit_bias", "seed", "audio", "prediction", "service_tier",
		"web_search_options", "functions", "function_call", "verbosity":
		// num_generations is Cohere's n: one answer is all a client
		// gets back.
		return r.unsupported(m.Key)
	}
	if !translate.GatewayField(m.Key) {
		r.extras = append(r.extras, m)
	}
	return nil
}

// harmless reports whether a parameter the models cannot honour has the
// value that asks for nothing: one choice, no log probabilities, no
// penalty, plain text.
func harmless(m translate.Member) bool {
	v := m.Value
	switch m.Key {
	case "n", "num_generations":
		return string(v) == "1"
	case "logprobs":
		// A boolean in chat completions, a count in text completions.
		return string(v) == "false" || string(v) == "0"
	case "frequency_penalty", "presence_penalty":
		f, err := strconv.ParseFloat(string(v), 64)
		return err == nil && f == 0
	case "response_format":
		t, ok := jsonw.Lookup(v, "type")
		return ok && string(t) == `"text"`
	case "modalities":
		items, ok := jsonw.ArrayItems(v)
		for item, more := items.Next(); ok && more; item, more = items.Next() {
			if string(item) != `"text"` {
				return false
			}
		}
		return ok
	}
	return false
}

// sampling writes what both families take alike: max_tokens (def when
// the client set none and def > 0), temperature, p, k and the stop
// sequences. Temperature and top_p go as the client wrote them: Bedrock
// holds them to the model's ranges.
func (r *request) sampling(b *body, max *int, maxParam string, def int, members []translate.Member, stop []string) *translate.Error {
	switch {
	case max != nil && *max < 1:
		return translate.OutOfRange(maxParam, 1, translate.MaxTokenCount, strconv.Itoa(*max))
	case max != nil:
		b.int("max_tokens", *max)
	case def > 0:
		b.int("max_tokens", def)
	}
	for _, m := range members {
		if jsonw.IsNull(m.Value) {
			continue
		}
		switch m.Key {
		case "temperature":
			b.raw("temperature", m.Value)
		case "top_p":
			b.raw("p", m.Value)
		}
	}
	if r.topK != nil {
		b.raw("k", r.topK)
	}
	b.strings("stop_sequences", stop)
	return nil
}
