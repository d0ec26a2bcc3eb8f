package mistral

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// noParameters is the schema of a tool declared without parameters.
const noParameters = `{"type":"object","properties":{}}`

// tools writes tools and tool_choice. Mistral's tool_choice is "auto",
// "none" or "any" (a call of some tool): "required" is "any", and a named
// function is "any" with that function the only tool offered, which is
// what naming it asks.
//
// response_format json_object and json_schema become a tool the model
// must call, as for Converse (converse.JSONToolName), offered alone: its
// arguments are the answer's content. The client's tools cannot be
// called in that request, so they are not sent (listed as dropped).
func (b *builder) tools(req *translate.ChatRequest) *translate.Error {
	schema, err := req.ResponseFormat.Schema()
	if err != nil {
		return err
	}
	if schema != nil {
		if len(req.Tools) > 0 {
			b.drop("tools")
		}
		if req.ToolChoice != nil {
			b.drop("tool_choice")
		}
		desc := ""
		if js := req.ResponseFormat.JSONSchema; js != nil {
			desc = js.Description // what the answer is, for the model
		}
		b.key("tools")
		b.out = append(b.out, '[')
		b.writeTool(converse.JSONToolName, desc, schema)
		b.out = append(b.out, `],"tool_choice":"any"`...)
		b.fam.jsonTool = true
		return nil
	}
	if len(req.Tools) == 0 {
		// A tool_choice without tools asks nothing of the model.
		return nil
	}
	tools, choice := req.Tools, ""
	if tc := req.ToolChoice; tc != nil {
		switch tc.Mode {
		case "auto", "none":
			choice = tc.Mode
		case "required":
			choice = "any"
		case "function":
			i := namedTool(tools, tc.Function)
			if i < 0 {
				return translate.BadRequest("tool_choice", "tool_choice names the function %q, which is not in tools", tc.Function)
			}
			tools, choice = tools[i:i+1], "any"
		}
	}
	b.key("tools")
	b.out = append(b.out, '[')
	for i := range tools {
		t := &tools[i]
		if t.Type != "function" && t.Type != "" {
			param := "tools[" + strconv.Itoa(i) + "].type"
			return translate.BadRequest(param, "%s: unsupported tool type %q (only function tools are supported)", param, t.Type)
		}
		params := []byte(t.Function.Parameters)
		switch {
		case len(params) == 0 || jsonw.IsNull(params):
			params = []byte(noParameters)
		case !jsonw.IsObject(params):
			param := "tools[" + strconv.Itoa(i) + "].function.parameters"
			return translate.BadRequest(param, "%s must be a JSON schema object", param)
		}
		if i > 0 {
			b.out = append(b.out, ',')
		}
		b.writeTool(t.Function.Name, t.Function.Description, params)
	}
	b.out = append(b.out, ']')
	if choice != "" {
		b.key("tool_choice")
		b.out = jsonw.AppendString(b.out, choice)
	}
	return nil
}

// writeTool writes one function tool.
func (b *builder) writeTool(name, description string, parameters []byte) {
	b.out = append(b.out, `{"type":"function","function":{"name":`...)
	b.out = jsonw.AppendString(b.out, name)
	if description != "" {
		b.out = append(b.out, `,"description":`...)
		b.out = jsonw.AppendString(b.out, description)
	}
	b.out = append(b.out, `,"parameters":`...)
	b.out = jsonw.AppendCompact(b.out, parameters)
	b.out = append(b.out, "}}"...)
}

// namedTool returns the index of the tool named name, or -1.
func namedTool(tools []translate.Tool, name string) int {
	for i := range tools {
		if tools[i].Function.Name == name {
			return i
		}
	}
	return -1
}
