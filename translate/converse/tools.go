package converse

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// toolConfig translates tools, tool_choice and response_format.
//
// Converse has no tool_choice "none": "none" is sent by leaving the tools
// out. When the history has tool blocks Bedrock demands a toolConfig, so
// then the tools stay, without a toolChoice, and the model may still call
// one. A history with tool blocks and no tools in the request gets a
// toolConfig synthesized from the tool names it calls.
//
// response_format json_object and json_schema become a tool the model is
// forced to call (JSONToolName), next to the client's tools, as LiteLLM
// does; st.JSONTool tells the response translator to answer its input as
// the message content. Forcing it means the client's tools cannot be called
// in that request.
//
// Anthropic refuses a forced tool choice with extended thinking: then the
// choice is "auto" (LiteLLM does the same), and a client's forced choice is
// recorded as dropped.
func (c *builder) toolConfig() *translate.Error {
	req := c.req
	jsonSchema, err := req.ResponseFormat.Schema()
	if err != nil {
		return err
	}
	choice := req.ToolChoice
	clientTools := len(req.Tools) > 0 && (choice == nil || choice.Mode != "none" || c.turns.ToolBlocks)

	var tools []ToolEntry
	switch {
	case clientTools:
		tools = make([]ToolEntry, 0, len(req.Tools)+2)
		for i := range req.Tools {
			spec, err := toolSpec(i, &req.Tools[i])
			if err != nil {
				return err
			}
			tools = append(tools, ToolEntry{ToolSpec: spec})
			if req.Tools[i].CacheControl != nil && c.cachePoints() {
				tools = append(tools, ToolEntry{CachePoint: defaultCachePoint})
			}
		}
	case len(req.Tools) == 0 && len(c.turns.HistoryTools) > 0:
		tools = make([]ToolEntry, 0, len(c.turns.HistoryTools)+1)
		for _, name := range c.turns.HistoryTools {
			tools = append(tools, ToolEntry{ToolSpec: &ToolSpec{Name: name, InputSchema: InputSchema{JSON: translate.EmptyToolSchema}}})
		}
	}
	if jsonSchema != nil {
		spec := &ToolSpec{Name: JSONToolName, InputSchema: InputSchema{JSON: jsonSchema}}
		if js := req.ResponseFormat.JSONSchema; js != nil {
			spec.Description = js.Description // what the answer is, for the model
		}
		tools = append(tools, ToolEntry{ToolSpec: spec})
		c.st.JSONTool = JSONToolName
	}
	if len(tools) == 0 {
		return nil
	}
	tc := &ToolConfig{Tools: tools}
	switch {
	case jsonSchema != nil:
		tc.ToolChoice = c.forceTool(JSONToolName, false)
	case clientTools && choice != nil:
		switch choice.Mode {
		case "auto":
			tc.ToolChoice = &ToolChoiceBlock{Auto: &struct{}{}}
		case "required":
			tc.ToolChoice = c.forceTool("", true)
		case "function":
			tc.ToolChoice = c.forceTool(choice.Function, true)
		}
	}
	c.out.ToolConfig = tc
	return nil
}

// forceTool returns the choice that forces a call of name (any tool when
// name is empty), or the nearest the model allows: a model without "tool"
// gets "any" for the gateway's own tool, and "auto" otherwise. When the
// client's choice is downgraded, "tool_choice" is recorded as dropped.
func (c *builder) forceTool(name string, client bool) *ToolChoiceBlock {
	m := &c.opts.Model
	switch {
	case c.thinkingBudget > 0:
		// Anthropic refuses "any" and "tool" with extended thinking.
	case name == "" && m.ToolChoiceAny:
		return &ToolChoiceBlock{Any: &struct{}{}}
	case name != "" && m.ToolChoiceTool:
		return &ToolChoiceBlock{Tool: &ToolNameBlock{Name: name}}
	case name != "" && !client && m.ToolChoiceAny:
		return &ToolChoiceBlock{Any: &struct{}{}}
	}
	if client {
		c.drop("tool_choice")
	}
	return &ToolChoiceBlock{Auto: &struct{}{}}
}

// toolSpec translates one function tool (see translate.FunctionToolSchema).
func toolSpec(i int, t *translate.Tool) (*ToolSpec, *translate.Error) {
	schema, err := translate.FunctionToolSchema(i, t)
	if err != nil {
		return nil, err
	}
	f := &t.Function
	return &ToolSpec{Name: f.Name, Description: f.Description, InputSchema: InputSchema{JSON: schema}}, nil
}
