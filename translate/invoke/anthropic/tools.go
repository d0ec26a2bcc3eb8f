package anthropic

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// tools translates tools, tool_choice, parallel_tool_calls and
// response_format.
//
// tool_choice maps to Anthropic's own: auto → auto, required → any, a
// named function → tool, none → none (the tools stay declared, as a
// history with tool blocks needs them). parallel_tool_calls false is
// disable_parallel_tool_use. A history with tool blocks and no tools in
// the request gets tools synthesized from the names it calls.
//
// response_format json_object and json_schema become a tool the model is
// forced to call (translate.JSONToolName), next to the client's tools, as
// LiteLLM does; the answer's translation returns its input as the content.
// Forcing it means the client's tools cannot be called in that request.
//
// Anthropic refuses a forced tool choice with extended thinking: then the
// choice is auto (LiteLLM does the same), and a client's forced choice is
// recorded as dropped.
func (b *builder) tools() *translate.Error {
	req := b.req
	jsonSchema, err := req.ResponseFormat.Schema()
	if err != nil {
		return err
	}
	if b.model.textOnly {
		return b.noTools(jsonSchema != nil)
	}
	var tools []tool
	switch {
	case len(req.Tools) > 0:
		tools = make([]tool, 0, len(req.Tools)+1)
		for i := range req.Tools {
			t := &req.Tools[i]
			schema, err := translate.FunctionToolSchema(i, t)
			if err != nil {
				return err
			}
			tools = append(tools, tool{Name: t.Function.Name, Description: t.Function.Description,
				InputSchema: schema, CacheControl: b.cache(t.CacheControl)})
		}
	case len(b.turns.HistoryTools) > 0:
		tools = make([]tool, 0, len(b.turns.HistoryTools)+1)
		for _, name := range b.turns.HistoryTools {
			tools = append(tools, tool{Name: name, InputSchema: translate.EmptyToolSchema})
		}
	}
	if jsonSchema != nil {
		t := tool{Name: translate.JSONToolName, InputSchema: jsonSchema}
		if js := req.ResponseFormat.JSONSchema; js != nil {
			t.Description = js.Description // what the answer is, for the model
		}
		tools = append(tools, t)
		b.fs.jsonTool = true
	}
	if len(tools) == 0 {
		return nil
	}
	b.out.Tools = tools
	switch tc := req.ToolChoice; {
	case jsonSchema != nil:
		b.out.ToolChoice = b.force(translate.JSONToolName, false)
	case tc == nil || len(req.Tools) == 0:
		// The model decides (auto), also among tools synthesized for the
		// history, which the client did not offer to choose from.
	case tc.Mode == "auto":
		b.out.ToolChoice = &choice{Type: "auto"}
	case tc.Mode == "none":
		b.out.ToolChoice = &choice{Type: "none"}
	case tc.Mode == "required":
		b.out.ToolChoice = b.force("", true)
	case tc.Mode == "function":
		b.out.ToolChoice = b.force(tc.Function, true)
	}
	return b.parallelToolCalls()
}

// force returns the choice that forces a call of name (of any tool when
// name is empty); with extended thinking, which refuses that, auto, and a
// client's choice recorded as dropped.
func (b *builder) force(name string, client bool) *choice {
	switch {
	case b.thinkingBudget > 0:
		if client {
			b.drop("tool_choice")
		}
		return &choice{Type: "auto"}
	case name == "":
		return &choice{Type: "any"}
	}
	return &choice{Type: "tool", Name: name}
}

// parallelToolCalls maps parallel_tool_calls false to
// disable_parallel_tool_use, which goes with any choice but none.
func (b *builder) parallelToolCalls() *translate.Error {
	raw := b.req.Member("parallel_tool_calls")
	switch string(raw) {
	case "", "null", "true":
		return nil
	case "false":
	default:
		return translate.BadRequest("parallel_tool_calls", "invalid value for 'parallel_tool_calls': expected a boolean")
	}
	c := b.out.ToolChoice
	switch {
	case c == nil:
		b.out.ToolChoice = &choice{Type: "auto", DisableParallelToolUse: true}
	case c.Type != "none":
		c.DisableParallelToolUse = true
	}
	return nil
}

// noTools refuses tools, tool_choice and a JSON response_format on Claude
// 2.x and Instant, which cannot use tools (the Messages API's tool use
// starts with Claude 3), or drops them with drop_params.
func (b *builder) noTools(jsonFormat bool) *translate.Error {
	req := b.req
	for _, p := range []struct {
		param string
		set   bool
	}{
		{"tools", len(req.Tools) > 0},
		{"tool_choice", req.ToolChoice != nil},
		{"response_format", jsonFormat},
	} {
		if !p.set {
			continue
		}
		if !b.opts.DropParams {
			return translate.Unsupported(p.param, textOnlyName+" models")
		}
		b.drop(p.param)
	}
	return nil
}
