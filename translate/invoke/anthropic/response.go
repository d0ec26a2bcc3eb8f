package anthropic

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// The members read with jsonw.Pick, in the order of its vals.
var (
	answerKeys = []string{"content", "stop_reason", "usage"}
	blockKeys  = []string{"type", "text", "thinking", "signature", "data", "id", "name", "input"}
)

// answer reads a Messages API answer:
//
//	{"id":...,"type":"message","role":"assistant","content":[...],
//	 "stop_reason":"end_turn","stop_sequence":null,"usage":{...}}
//
// Content blocks become the answer's text (text blocks, joined), its
// reasoning (thinking blocks with their signatures, redacted_thinking
// blocks as they are) and its tool calls (tool_use blocks, input as JSON
// text, ids mapped back to the client's). Blocks of other types (server
// tools' results) are left out. With response_format done by the forced
// JSON tool, its input is the content.
func answer(body []byte, fs *state, a *translate.Answer) *translate.Error {
	if !jsonw.Valid(body) {
		return unreadable()
	}
	var content, stop, usage []byte
	if !jsonw.Pick(body, answerKeys, &content, &stop, &usage) {
		return unreadable()
	}
	blocks, ok := jsonw.ArrayItems(content)
	if !ok {
		return unreadable()
	}
	var text, json []byte
	jsonUsed := false
	for v, ok := blocks.Next(); ok; v, ok = blocks.Next() {
		var x contentBlock
		if !x.read(v) {
			return unreadable()
		}
		switch string(x.typ) {
		case "text":
			text = jsonw.AppendUnquoted(text, x.text)
		case "thinking":
			a.Reasoning = append(a.Reasoning, translate.ThinkingBlock{Type: "thinking",
				Thinking: unquote(x.thinking), Signature: unquote(x.signature)})
		case "redacted_thinking":
			a.Reasoning = append(a.Reasoning, translate.ThinkingBlock{Type: "redacted_thinking", Data: unquote(x.data)})
		case "tool_use":
			if !jsonw.IsString(x.id) || !jsonw.IsString(x.name) {
				return unreadable()
			}
			name := jsonw.AppendUnquoted(nil, x.name)
			if fs.isJSONTool(name) {
				json, jsonUsed = jsonw.AppendCompact(json[:0], orEmptyObject(x.input)), true
				continue
			}
			a.ToolCalls = append(a.ToolCalls, translate.ToolCall{
				ID:   fs.toolIDs.Client(unquote(x.id)),
				Type: "function",
				Function: translate.FunctionCall{
					Name:      string(name),
					Arguments: string(jsonw.AppendCompact(nil, orEmptyObject(x.input))),
				},
			})
		}
	}
	a.Text = string(text)
	if jsonUsed {
		// The JSON tool's input is the answer to response_format. It
		// replaces any text: a preamble would make the content
		// unparseable as JSON.
		a.Text = string(json)
	}
	if stop != nil && !jsonw.IsNull(stop) && !jsonw.IsString(stop) {
		return unreadable()
	}
	a.Finish = finishReason(jsonw.AppendUnquoted(nil, stop))
	if a.Finish == "tool_calls" && len(a.ToolCalls) == 0 && jsonUsed {
		// The client asked for a format, not for tools: the forced call is
		// how the answer was produced, not a call to make.
		a.Finish = "stop"
	}
	var t tokens
	if usage != nil && !t.read(usage) {
		return unreadable()
	}
	a.Usage = t.usage()
	return nil
}

// contentBlock holds the raw members of one content block.
type contentBlock struct {
	typ                                              []byte // unquoted
	text, thinking, signature, data, id, name, input []byte
}

// read takes the members of the block raw; text and the other strings
// must be strings where they matter.
func (x *contentBlock) read(v []byte) bool {
	var typ []byte
	if !jsonw.Pick(v, blockKeys, &typ, &x.text, &x.thinking, &x.signature, &x.data, &x.id, &x.name, &x.input) || !jsonw.IsString(typ) {
		return false
	}
	x.typ = typ[1 : len(typ)-1]
	switch string(x.typ) {
	case "text":
		return jsonw.IsString(x.text)
	case "thinking":
		return jsonw.IsString(x.thinking)
	case "redacted_thinking":
		return jsonw.IsString(x.data)
	}
	return true
}

// orEmptyObject is input, or {} for a tool_use block without one.
func orEmptyObject(input []byte) []byte {
	if len(input) == 0 || jsonw.IsNull(input) {
		return []byte("{}")
	}
	return input
}

// unquote returns the text of a string literal, "" for anything else.
func unquote(lit []byte) string { return string(jsonw.AppendUnquoted(nil, lit)) }

func unreadable() *translate.Error {
	return translate.BadUpstream("Bedrock returned an unreadable Anthropic Claude answer")
}
