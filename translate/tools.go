package translate

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Tools as the tool-use APIs of Anthropic's models take them (Bedrock
// Converse, Anthropic's Messages API): an input schema that is a JSON
// object, tool calls whose input is an object, and response_format done
// with a tool the model is forced to call.

// JSONToolName is the tool the gateway forces to implement response_format
// json_object and json_schema, as LiteLLM does; its input is the answer.
const JSONToolName = "json_tool_call"

// Schemas and inputs the gateway supplies; never written.
var (
	// EmptyToolSchema is the input schema of a tool declared without
	// parameters, and of tools synthesized from the history.
	EmptyToolSchema = []byte(`{"type":"object","properties":{}}`)
	// emptyToolInput is the input of a call without arguments.
	emptyToolInput = []byte("{}")
)

// FunctionToolSchema checks tools[i] and returns its input schema, raw.
// Names are checked here, with OpenAI's own rule (which is also
// Bedrock's and Anthropic's), so the error names the tool. A tool without
// parameters gets EmptyToolSchema: Anthropic needs "type":"object".
func FunctionToolSchema(i int, t *Tool) ([]byte, *Error) {
	// The param is built only for an error: this runs for every tool.
	param := func() string { return "tools[" + strconv.Itoa(i) + "]" }
	if t.Type != "function" && t.Type != "" {
		return nil, BadRequest(param()+".type", "%s.type: unsupported tool type %q (only function tools are supported)", param(), t.Type)
	}
	f := &t.Function
	if !ValidToolID(f.Name) { // the same pattern: [a-zA-Z0-9_-]{1,64}
		return nil, BadRequest(param()+".function.name", "%s.function.name: %q must be 1 to 64 letters, digits, underscores or hyphens", param(), f.Name)
	}
	schema := []byte(f.Parameters)
	switch {
	case len(schema) == 0 || jsonw.IsNull(schema) || emptyJSONObject(schema):
		return EmptyToolSchema, nil
	case !jsonw.IsObject(schema):
		return nil, BadRequest(param()+".function.parameters", "%s.function.parameters must be a JSON schema object", param())
	}
	return schema, nil
}

// emptyJSONObject reports whether raw is {} (with any inner whitespace).
func emptyJSONObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '{' || raw[len(raw)-1] != '}' {
		return false
	}
	return len(bytes.TrimSpace(raw[1:len(raw)-1])) == 0
}

// ToolInput turns a tool call's arguments (JSON text) into the input
// object a tool-use block carries. Empty or null arguments mean a call
// without arguments; ok is false when the arguments are not an object.
func ToolInput(args string) (input []byte, ok bool) {
	s := strings.TrimSpace(args)
	if s == "" || s == "null" {
		return emptyToolInput, true
	}
	b := []byte(s)
	return b, b[0] == '{' && jsonw.Valid(b)
}

// ToolCallInput is ToolInput for messages[i].tool_calls[j], refusing
// arguments that are not an object with a 400 that names them.
func ToolCallInput(i, j int, args string) ([]byte, *Error) {
	input, ok := ToolInput(args)
	if !ok {
		param := MessageParam(i) + ".tool_calls[" + strconv.Itoa(j) + "].function.arguments"
		return nil, BadRequest(param, "%s: must be a JSON object encoded as a string", param)
	}
	return input, nil
}
