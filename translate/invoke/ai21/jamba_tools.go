package ai21

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// toolConfig writes tools and response_format.
//
// AI21's chat takes OpenAI's function tools but no tool_choice: the model
// decides. "auto" is that; "none" is sent by leaving the tools out; a
// forced choice ("required" or a named function) cannot be honoured and
// is refused, or dropped with drop_params. response_format json_object
// is AI21's JSON mode; json_schema has no counterpart. Jamba-Instruct
// takes neither tools nor response_format.
func (b *jambaBuilder) toolConfig() *translate.Error {
	req := b.req
	if len(req.Tools) > 0 && (req.ToolChoice == nil || req.ToolChoice.Mode != "none") {
		if err := b.writeTools(); err != nil {
			return err
		}
	}
	rf := req.ResponseFormat
	if rf == nil {
		return nil
	}
	switch rf.Type {
	case "text":
		return nil
	case "json_object":
		if !b.tools {
			return b.unsupportedBy("response_format", jambaInstructName)
		}
		b.out.raw("response_format", []byte(`{"type":"json_object"}`))
		return nil
	case "json_schema":
		return b.unsupported("response_format")
	}
	return translate.BadRequest("response_format.type", "invalid value for 'response_format.type': %q (expected text, json_object or json_schema)", rf.Type)
}

// writeTools writes the client's tools, checked so that an error names the
// tool rather than coming back from Bedrock.
func (b *jambaBuilder) writeTools() *translate.Error {
	if !b.tools {
		return b.unsupportedBy("tools", jambaInstructName)
	}
	if c := b.req.ToolChoice; c != nil && (c.Mode == "required" || c.Mode == "function") {
		if err := b.unsupported("tool_choice"); err != nil {
			return err
		}
	}
	b.out.key("tools")
	b.out.b = append(b.out.b, '[')
	for i := range b.req.Tools {
		t := &b.req.Tools[i]
		param := "tools[" + strconv.Itoa(i) + "]"
		if t.Type != "function" && t.Type != "" {
			return translate.BadRequest(param+".type", "%s.type: unsupported tool type %q (only function tools are supported)", param, t.Type)
		}
		f := &t.Function
		if f.Name == "" {
			return translate.BadRequest(param+".function.name", "%s.function.name is required", param)
		}
		b.out.b = jsonw.AppendSep(b.out.b)
		b.out.b = append(b.out.b, `{"type":"function","function":{"name":`...)
		b.out.b = jsonw.AppendString(b.out.b, f.Name)
		if f.Description != "" {
			b.out.b = append(b.out.b, `,"description":`...)
			b.out.b = jsonw.AppendString(b.out.b, f.Description)
		}
		if p := []byte(f.Parameters); len(p) > 0 && !jsonw.IsNull(p) {
			if !jsonw.IsObject(p) {
				return translate.BadRequest(param+".function.parameters", "%s.function.parameters must be a JSON schema object", param)
			}
			b.out.b = append(b.out.b, `,"parameters":`...)
			b.out.b = jsonw.AppendCompact(b.out.b, p)
		}
		b.out.b = append(b.out.b, "}}"...)
	}
	b.out.b = append(b.out.b, ']')
	return nil
}
