package translate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// ParseChatRequest splits a chat-completions body and decodes what every
// route needs: model, stream, stream_options, the token limits, the
// sampling scalars, thinking and reasoning_effort. It checks that messages
// is a non-empty array but leaves messages, tools, tool_choice,
// response_format and stop undecoded: pass-through providers forward them
// as the client wrote them, and DecodeContent decodes them for providers
// that translate. Every problem is a 400 naming the parameter, integers
// outside their range included (decode_ints.go). Duplicate top-level keys
// are refused, so "model" cannot mean one thing to routing and another
// upstream. The returned request's raw members alias body.
func ParseChatRequest(body []byte) (*ChatRequest, *Error) {
	members, err := SplitObject(body)
	if err != nil {
		return nil, err
	}
	req := &ChatRequest{Members: members}
	var messages json.RawMessage
	for _, m := range members {
		if m.Key == "messages" {
			messages = m.Value
			continue
		}
		if err := req.decodeScalar(m); err != nil {
			return nil, err
		}
	}
	if req.Model == "" {
		return nil, BadRequest("model", "you must provide a model parameter")
	}
	switch {
	case messages == nil || jsonw.IsNull(messages):
		return nil, BadRequest("messages", "'messages' is a required property")
	case messages[0] != '[':
		return nil, BadRequest("messages", "invalid value for 'messages': expected array, got %s", kindOf(messages))
	case messages[jsonw.SkipSpace(messages, 1)] == ']':
		return nil, BadRequest("messages", "'messages' must contain at least one message")
	}
	return req, nil
}

// DecodeContent decodes and checks messages, tools, tool_choice,
// response_format and stop; translating providers call it (converse.Request
// does). It runs once; later calls return nil.
func (r *ChatRequest) DecodeContent() *Error {
	if r.contentDecoded {
		return nil
	}
	r.contentDecoded = true
	for _, m := range r.Members {
		if err := r.decodeContentMember(m); err != nil {
			return err
		}
	}
	for i := range r.Messages {
		if err := checkMessage(i, &r.Messages[i]); err != nil {
			return err
		}
	}
	return nil
}

// DecodeChatRequest is ParseChatRequest followed by DecodeContent.
func DecodeChatRequest(body []byte) (*ChatRequest, *Error) {
	req, err := ParseChatRequest(body)
	if err != nil {
		return nil, err
	}
	if err := req.DecodeContent(); err != nil {
		return nil, err
	}
	return req, nil
}

func (r *ChatRequest) decodeScalar(m Member) *Error {
	var err *Error
	switch m.Key {
	case "max_tokens":
		r.MaxTokens, err = decodeInt(m.Value, m.Key, 0, MaxTokenCount)
	case "max_completion_tokens":
		r.MaxCompletionTokens, err = decodeInt(m.Value, m.Key, 0, MaxTokenCount)
	case "n":
		// n and top_logprobs are only checked, here rather than where a
		// translator reads them, so that pass-through routes refuse the
		// same values as translating ones.
		err = CheckInt(m.Value, m.Key, 1, maxChoices)
	case "top_logprobs":
		err = CheckInt(m.Value, m.Key, 0, maxTopLogprobs)
	case "thinking":
		r.Thinking, err = decodeThinking(m.Value)
	default:
		if handled, err := decodeHead(m, &r.Model, &r.Stream, &r.IncludeUsage); handled {
			return err
		}
		return r.unmarshalScalar(m)
	}
	return err
}

// unmarshalScalar decodes the members encoding/json decodes as they are.
func (r *ChatRequest) unmarshalScalar(m Member) *Error {
	var err error
	switch m.Key {
	case "temperature":
		r.Temperature, err = decodeFloat(m.Value)
	case "top_p":
		r.TopP, err = decodeFloat(m.Value)
	case "reasoning_effort":
		err = unmarshalNullable(m.Value, &r.ReasoningEffort)
	default:
		return nil
	}
	if err != nil {
		return invalidValue(m.Key, err)
	}
	return nil
}

// decodeThinking decodes {"type": ..., "budget_tokens": N}, null as nil.
// Other members are ignored, as encoding/json would ignore them.
func decodeThinking(raw []byte) (*Thinking, *Error) {
	if jsonw.IsNull(raw) {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, typeError("thinking", "object", raw)
	}
	th := new(Thinking)
	err := eachMember(raw, func(key, v []byte) *Error {
		var err *Error
		switch string(key) {
		case "type":
			th.Type, err = decodeString(v, "thinking.type")
		case "budget_tokens":
			if !jsonw.IsNull(v) {
				th.BudgetTokens, err = parseInt(v, "thinking.budget_tokens", 0, MaxTokenCount)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return th, nil
}

func (r *ChatRequest) decodeContentMember(m Member) *Error {
	var err error
	switch m.Key {
	case "messages":
		var derr *Error
		if r.Messages, derr = decodeMessages(m.Value); derr != nil {
			return derr
		}
	case "stop":
		err = json.Unmarshal(m.Value, (*stopList)(&r.Stop))
	case "tools":
		err = json.Unmarshal(m.Value, &r.Tools)
	case "tool_choice":
		if !jsonw.IsNull(m.Value) {
			r.ToolChoice = new(ToolChoice)
			err = json.Unmarshal(m.Value, r.ToolChoice)
		}
	case "response_format":
		if !jsonw.IsNull(m.Value) {
			r.ResponseFormat = new(ResponseFormat)
			err = json.Unmarshal(m.Value, r.ResponseFormat)
		}
	default:
		return nil
	}
	if err != nil {
		return invalidValue(m.Key, err)
	}
	return nil
}

func checkMessage(i int, m *Message) *Error {
	param := "messages[" + strconv.Itoa(i) + "]"
	switch m.Role {
	case "system", "developer", "user", "assistant":
	case "tool":
		if m.ToolCallID == "" {
			return BadRequest(param+".tool_call_id", "%s: a message with role 'tool' needs a tool_call_id", param)
		}
	case "":
		return BadRequest(param+".role", "%s: missing role", param)
	default:
		return BadRequest(param+".role", "%s: unsupported role %q (expected system, developer, user, assistant or tool)", param, m.Role)
	}
	for j, tc := range m.ToolCalls {
		if m.Role != "assistant" {
			return BadRequest(param+".tool_calls", "%s: only assistant messages may carry tool_calls", param)
		}
		if tc.ID == "" || tc.Function.Name == "" {
			return BadRequest(fmt.Sprintf("%s.tool_calls[%d]", param, j), "%s.tool_calls[%d]: id and function.name are required", param, j)
		}
	}
	return nil
}

func decodeFloat(b json.RawMessage) (*float64, error) {
	if jsonw.IsNull(b) {
		return nil, nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

func unmarshalNullable(b json.RawMessage, v any) error {
	if jsonw.IsNull(b) {
		return nil
	}
	return json.Unmarshal(b, v)
}

// invalidValue is the 400 for a member encoding/json could not decode.
func invalidValue(param string, err error) *Error {
	return BadRequest(param, "invalid value for '%s': %s", param, jsonErrorText(err))
}

// jsonErrorText makes encoding/json's errors read as API errors: it names
// the JSON type expected instead of a Go type.
func jsonErrorText(err error) string {
	ute, ok := err.(*json.UnmarshalTypeError)
	if !ok {
		return strings.TrimPrefix(err.Error(), "json: ")
	}
	want, got := ute.Type.Kind().String(), ute.Value
	switch want {
	case "int", "int64":
		want = "an integer"
	case "float64":
		want = "number"
	case "slice":
		want = "array"
	case "struct", "map", "ptr":
		want = "object"
	case "bool":
		want = "boolean"
	}
	// A number that does not fit: encoding/json reports "number 1e400",
	// which would read "expected number, got number 1e400".
	var text string
	switch lit, isNum := strings.CutPrefix(got, "number "); {
	case isNum && want == "number":
		text = literalText([]byte(lit)) + " is out of range"
	case isNum:
		text = "expected " + want + ", got " + literalText([]byte(lit))
	default:
		text = "expected " + want + ", got " + got
	}
	if ute.Field != "" {
		return "field '" + ute.Field + "': " + text
	}
	return text
}
