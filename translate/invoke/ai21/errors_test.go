package ai21

import (
	"net/http"
	"strings"
	"testing"
)

// TestRequestErrors: every request the families refuse, with the
// parameter named and the message saying why.
func TestRequestErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	const image = `"messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]`
	const toolTurns = `"messages":[{"role":"user","content":"Hi"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"x"}]`
	const toolResult = `"messages":[{"role":"user","content":"Hi"},{"role":"tool","tool_call_id":"c","content":"x"}]`
	const tools = `"tools":[{"type":"function","function":{"name":"f"}}]`
	for i, tc := range []struct {
		model string
		body  string
		param string
		code  string
		msg   string // a substring of the message
	}{
		// What neither family can honour.
		{jambaInstruct, `{"model":"m",` + user + `,"n":2}`, "n", "unsupported_parameter", "parameter 'n' is not supported by AI21 Jamba models; remove it from the request, or set drop_params"},
		{jambaLarge, `{"model":"m",` + user + `,"logprobs":true}`, "logprobs", "unsupported_parameter", "AI21 Jamba models"},
		{jambaLarge, `{"model":"m",` + user + `,"top_logprobs":1}`, "top_logprobs", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"logit_bias":{"1":1}}`, "logit_bias", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"seed":1}`, "seed", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"audio":{}}`, "audio", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"modalities":["audio"]}`, "modalities", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"prediction":{}}`, "prediction", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"service_tier":"flex"}`, "service_tier", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"web_search_options":{}}`, "web_search_options", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"functions":[]}`, "functions", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"function_call":"auto"}`, "function_call", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"verbosity":"low"}`, "verbosity", "unsupported_parameter", ""},
		{j2Ultra, `{"model":"m",` + user + `,"n":3}`, "n", "unsupported_parameter", "AI21 Jurassic-2 models"},
		{j2Mid, `{"model":"m",` + user + `,"seed":3}`, "seed", "unsupported_parameter", "AI21 Jurassic-2 models"},

		// Jamba content.
		{jambaLarge, `{"model":"m",` + image + `}`, "messages[0].content[1]", "unsupported_content", "AI21 Jamba models take text only: image_url parts cannot be sent"},
		{jambaInstruct, `{"model":"m",` + toolTurns + `}`, "messages[1].tool_calls", "unsupported_content", "AI21 Jamba-Instruct models take text only: tool calls"},
		{jambaInstruct, `{"model":"m",` + toolResult + `}`, "messages[1]", "unsupported_content", "tool results"},
		{jambaInstruct, `{"model":"m","messages":[{"role":"system","content":"Be brief."}]}`, "messages", "", "need at least one user or assistant message"},

		// Jamba tools and response_format.
		{jambaInstruct, `{"model":"m",` + user + `,` + tools + `}`, "tools", "unsupported_parameter", "not supported by AI21 Jamba-Instruct models"},
		{jambaInstruct, `{"model":"m",` + user + `,"response_format":{"type":"json_object"}}`, "response_format", "unsupported_parameter", "AI21 Jamba-Instruct models"},
		{jambaLarge, `{"model":"m",` + user + `,"response_format":{"type":"json_schema","json_schema":{"name":"x"}}}`, "response_format", "unsupported_parameter", "AI21 Jamba models"},
		{jambaLarge, `{"model":"m",` + user + `,"response_format":{"type":"xml"}}`, "response_format.type", "", `"xml"`},
		{jambaLarge, `{"model":"m",` + user + `,` + tools + `,"tool_choice":"required"}`, "tool_choice", "unsupported_parameter", ""},
		{jambaMini, `{"model":"m",` + user + `,` + tools + `,"tool_choice":{"type":"function","function":{"name":"f"}}}`, "tool_choice", "unsupported_parameter", ""},
		{jambaLarge, `{"model":"m",` + user + `,"tools":[{"type":"custom","custom":{"name":"x"}}]}`, "tools[0].type", "", `unsupported tool type "custom"`},
		{jambaLarge, `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"ok"}},{"type":"function","function":{"description":"x"}}]}`, "tools[1].function.name", "", "is required"},
		{jambaLarge, `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f","parameters":["x"]}}]}`, "tools[0].function.parameters", "", "must be a JSON schema object"},

		// Jurassic-2.
		{j2Ultra, `{"model":"m",` + user + `,` + tools + `}`, "tools", "unsupported_parameter", "AI21 Jurassic-2 models"},
		{j2Ultra, `{"model":"m",` + user + `,"tool_choice":"required"}`, "tool_choice", "unsupported_parameter", ""},
		{j2Ultra, `{"model":"m",` + user + `,"response_format":{"type":"json_object"}}`, "response_format", "unsupported_parameter", ""},
		{j2Ultra, `{"model":"m",` + image + `}`, "messages[0].content[1]", "unsupported_content", "AI21 Jurassic-2 models take text only"},
		{j2Ultra, `{"model":"m",` + toolResult + `}`, "messages[1]", "unsupported_content", "tool results"},
		{j2Ultra, `{"model":"m",` + user + `,"presence_penalty":-0.5}`, "presence_penalty", "", "cannot encourage repetition: 'presence_penalty' must be between 0 and 2 (it becomes presencePenalty.scale)"},
		{j2Ultra, `{"model":"m",` + user + `,"frequency_penalty":"1"}`, "frequency_penalty", "", "expected a number"},
		{j2Ultra, `{"model":"m",` + user + `,"presence_penalty":1,"presencePenalty":{"scale":1}}`, "presence_penalty", "", "set 'presence_penalty' or 'presencePenalty', not both"},
		{j2Ultra, `{"model":"m",` + user + `,"maxTokens":10}`, "maxTokens", "", "'maxTokens' is written by the gateway from 'max_tokens'"},
		{j2Ultra, `{"model":"m",` + user + `,"prompt_text":"x","prompt":"y"}`, "prompt", "", "from 'messages'"},
		{j2Ultra, `{"model":"m",` + user + `,"stopSequences":["x"]}`, "stopSequences", "", "send 'stop' instead"},

		// Text completions.
		{jambaInstruct, `{"model":"m","prompt":"Hi","suffix":"end"}`, "suffix", "unsupported_parameter", ""},
		{j2Ultra, `{"model":"m","prompt":"Hi","logprobs":2}`, "logprobs", "unsupported_parameter", ""},
		{j2Ultra, `{"model":"m","prompt":"Hi","seed":2}`, "seed", "unsupported_parameter", ""},
	} {
		body, st, err := translateRequest(t, []byte(tc.body), tc.model, false)
		if err == nil {
			t.Errorf("%d: no error; body %s", i, body)
			continue
		}
		if body != nil || st != nil {
			t.Errorf("%d: an error with a body or state", i)
		}
		if err.Status != http.StatusBadRequest || err.Param != tc.param || err.Code != tc.code || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: got %d param=%q code=%q %q\nwant param=%q code=%q containing %q",
				i, err.Status, err.Param, err.Code, err.Message, tc.param, tc.code, tc.msg)
		}
	}
}
