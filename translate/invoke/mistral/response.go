package mistral

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// readAnswer reads a whole answer into a: {"outputs":[{"text",
// "stop_reason"}]} from a prompt model, {"choices":[{"index","message":
// {"role","content","tool_calls"},"stop_reason"}]} from a chat model.
// Usage comes from "usage" when the model reports it (Mistral's API shape);
// otherwise the caller has Bedrock's token-count headers. chat is false
// for a text completion, whose text is kept as it came.
func readAnswer(body []byte, st *state, chat bool, a *translate.Answer) *translate.Error {
	env, ok := readEnvelope(body)
	if !ok || !jsonw.Valid(body) {
		return unreadable("answer")
	}
	switch {
	case env.outputs != nil:
		ok = readOutputs(env.outputs, a)
		if chat {
			// The space the model puts after [/INST] is the template's,
			// not the answer's.
			a.Text = strings.TrimLeft(a.Text, " \n")
		}
	case env.choices != nil:
		ok = readChoices(env.choices, st, a)
	default:
		ok = false
	}
	if !ok {
		return unreadable("answer")
	}
	if env.usage != nil {
		if a.Usage, ok = readUsage(env.usage); !ok {
			return unreadable("answer")
		}
	}
	if env.filtered {
		a.Finish = "content_filter"
	}
	return nil
}

// envelope is what an answer or a chunk holds, in either shape.
type envelope struct {
	outputs, choices, usage []byte
	// filtered: a Bedrock guardrail replaced the answer.
	filtered bool
}

// readEnvelope reads the top-level members of an answer or a chunk.
func readEnvelope(obj []byte) (env envelope, ok bool) {
	top, ok := jsonw.ObjectMembers(obj)
	if !ok {
		return env, false
	}
	for k, v, ok := top.Next(); ok; k, v, ok = top.Next() {
		switch {
		case jsonw.KeyIs(k, "outputs"):
			env.outputs = v
		case jsonw.KeyIs(k, "choices"):
			env.choices = v
		case jsonw.KeyIs(k, "usage"):
			env.usage = v
		case jsonw.KeyIs(k, "amazon-bedrock-guardrailAction"):
			env.filtered = string(v) == guardrailIntervened
		}
	}
	return env, true
}

// readOutputs reads a prompt model's outputs: their text, one after the
// other (Bedrock sends one), and the last stop_reason.
func readOutputs(outputs []byte, a *translate.Answer) bool {
	items, ok := jsonw.ArrayItems(outputs)
	if !ok {
		return false
	}
	var text []byte
	reason := ""
	for it, ok := items.Next(); ok; it, ok = items.Next() {
		m, ok := jsonw.ObjectMembers(it)
		if !ok {
			return false
		}
		for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
			switch {
			case jsonw.KeyIs(k, "text") && jsonw.IsString(v):
				text = jsonw.AppendUnquoted(text, v)
			case jsonw.KeyIs(k, "stop_reason") && jsonw.IsString(v):
				reason = string(jsonw.AppendUnquoted(nil, v))
			case jsonw.KeyIs(k, "text"), jsonw.KeyIs(k, "stop_reason"):
				if !jsonw.IsNull(v) {
					return false
				}
			}
		}
	}
	a.Text = string(text)
	a.Finish = finishReason(reason)
	return true
}

// readChoices reads the first choice of a chat model's answer (the models
// answer one).
func readChoices(choices []byte, st *state, a *translate.Answer) bool {
	c, found, ok := readChoice(choices)
	if !found || !ok {
		return false
	}
	text, ok := contentText(nil, c.content)
	if !ok {
		return false
	}
	a.Text = string(text)
	jsonUsed := false
	if c.calls != nil && !jsonw.IsNull(c.calls) {
		items, ok := jsonw.ArrayItems(c.calls)
		if !ok {
			return false
		}
		for it, ok := items.Next(); ok; it, ok = items.Next() {
			call, ok := readToolCall(it)
			if !ok {
				return false
			}
			if st.jsonTool && call.Function.Name == converse.JSONToolName {
				// The answer to response_format: it replaces any text,
				// which would make the content unparseable as JSON.
				a.Text, jsonUsed = call.Function.Arguments, true
				continue
			}
			call.ID = st.clientToolID(call.ID)
			a.ToolCalls = append(a.ToolCalls, call)
		}
	}
	a.Finish = finishReason(string(jsonw.AppendUnquoted(nil, c.reason)))
	a.Finish = callsFinish(a.Finish, len(a.ToolCalls), jsonUsed)
	return true
}

// callsFinish corrects a finish_reason by the calls the answer made:
// clients act on "tool_calls", so an answer with calls says it whatever
// the model said, and the JSON tool's call alone is no call to make.
func callsFinish(finish string, calls int, jsonTool bool) string {
	switch {
	case calls > 0 && finish == "stop":
		return "tool_calls"
	case calls == 0 && jsonTool && finish == "tool_calls":
		return "stop"
	}
	return finish
}

// contentText appends a message content's text to dst: a string, null,
// or a list of parts whose text parts count (Mistral's newer models
// answer in parts).
func contentText(dst, content []byte) ([]byte, bool) {
	switch {
	case content == nil || jsonw.IsNull(content):
		return dst, true
	case jsonw.IsString(content):
		return jsonw.AppendUnquoted(dst, content), true
	}
	parts, ok := jsonw.ArrayItems(content)
	if !ok {
		return dst, false
	}
	for p, ok := parts.Next(); ok; p, ok = parts.Next() {
		typ, _ := jsonw.Lookup(p, "type")
		text, _ := jsonw.Lookup(p, "text")
		if string(typ) == `"text"` && jsonw.IsString(text) {
			dst = jsonw.AppendUnquoted(dst, text)
		}
	}
	return dst, true
}

// readToolCall reads {"id","function":{"name","arguments"}}; arguments
// are JSON text, or a JSON object, which is written as text.
func readToolCall(raw []byte) (translate.ToolCall, bool) {
	c := translate.ToolCall{Type: "function"}
	id, _ := jsonw.Lookup(raw, "id")
	fn, ok := jsonw.Lookup(raw, "function")
	if !ok {
		return c, false
	}
	name, _ := jsonw.Lookup(fn, "name")
	args, _ := jsonw.Lookup(fn, "arguments")
	if !jsonw.IsString(name) || (id != nil && !jsonw.IsString(id)) {
		return c, false
	}
	c.ID = string(jsonw.AppendUnquoted(nil, id))
	c.Function.Name = string(jsonw.AppendUnquoted(nil, name))
	switch {
	case args == nil || jsonw.IsNull(args):
	case jsonw.IsString(args):
		c.Function.Arguments = string(jsonw.AppendUnquoted(nil, args))
	case jsonw.IsObject(args):
		c.Function.Arguments = string(jsonw.AppendCompact(nil, args))
	default:
		return c, false
	}
	return c, true
}

// readUsage reads {"prompt_tokens","completion_tokens"}.
func readUsage(raw []byte) (translate.Usage, bool) {
	var u translate.Usage
	m, ok := jsonw.ObjectMembers(raw)
	if !ok {
		return u, jsonw.IsNull(raw)
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		var p *int
		switch {
		case jsonw.KeyIs(k, "prompt_tokens"):
			p = &u.PromptTokens
		case jsonw.KeyIs(k, "completion_tokens"):
			p = &u.CompletionTokens
		default:
			continue
		}
		n, ok := jsonw.Count(v)
		if !ok {
			return u, false
		}
		*p = n
	}
	return u, true
}

// unreadable is the error for an answer or chunk that makes no sense.
func unreadable(what string) *translate.Error {
	return translate.BadUpstream("Bedrock returned an unreadable Mistral " + what)
}
