package llama

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// TestErrors covers every request the family refuses: what a text model
// cannot take, the parameters it cannot honour, and limits out of range.
// Each names the parameter, as OpenAI's errors do.
func TestErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	familytest.CheckErrors(t, Family{}, invoke.Options{ModelID: llama3_8b}, []familytest.ErrorCase{
		// Content a text model cannot take.
		{Body: `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}`,
			Param: "messages[0].content[1]", Code: "unsupported_content", Msg: "Llama models take text only: image_url parts cannot be sent to them"},
		{Body: `{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0="}}]}]}`,
			Param: "messages[0].content[0]", Code: "unsupported_content", Msg: "file parts"},
		{Body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}`,
			Param: "messages[1].tool_calls", Code: "unsupported_content", Msg: "tool calls"},
		{Body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":"42"}]}`,
			Param: "messages[1]", Code: "unsupported_content", Msg: "tool results"},
		{Body: `{"model":"m","messages":[{"role":"user","content":"  "},{"role":"assistant","content":""}]}`,
			Param: "messages", Msg: "messages contain no content"},
		{Body: `{"model":"m","messages":[{"role":"wizard","content":"x"}]}`, Param: "messages[0].role"},

		// Parameters a Llama body cannot honour.
		{Body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}]}`, Param: "tools", Code: "unsupported_parameter",
			Msg: "parameter 'tools' is not supported by Llama models; remove it from the request, or set drop_params on the model"},
		{Body: `{"model":"m",` + user + `,"tool_choice":"required"}`, Param: "tool_choice", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"tool_choice":{"type":"function","function":{"name":"f"}}}`, Param: "tool_choice", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"response_format":{"type":"json_object"}}`, Param: "response_format", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"stop":"END"}`, Param: "stop", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"stop":["", "END"]}`, Param: "stop", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"n":2}`, Param: "n", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"logprobs":true}`, Param: "logprobs", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"top_logprobs":1}`, Param: "top_logprobs", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"logit_bias":{"1":1}}`, Param: "logit_bias", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"presence_penalty":0.1}`, Param: "presence_penalty", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"frequency_penalty":-1}`, Param: "frequency_penalty", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"seed":1}`, Param: "seed", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"modalities":["audio"]}`, Param: "modalities", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"audio":{"voice":"alloy"}}`, Param: "audio", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"prediction":{"type":"content","content":"x"}}`, Param: "prediction", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"service_tier":"flex"}`, Param: "service_tier", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"web_search_options":{}}`, Param: "web_search_options", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"functions":[{"name":"f"}]}`, Param: "functions", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"function_call":"auto"}`, Param: "function_call", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"verbosity":"low"}`, Param: "verbosity", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"prompt":"x"}`, Param: "prompt", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"max_gen_len":5}`, Param: "max_gen_len", Code: "unsupported_parameter"},
		// The first parameter refused is the one named.
		{Body: `{"model":"m",` + user + `,"seed":1,"n":2}`, Param: "seed", Code: "unsupported_parameter"},

		// Limits.
		{Body: `{"model":"m",` + user + `,"max_tokens":0}`, Param: "max_tokens",
			Msg: "invalid value for 'max_tokens': expected an integer between 1 and 100000000, got 0"},
		{Body: `{"model":"m",` + user + `,"max_tokens":5,"max_completion_tokens":0}`, Param: "max_completion_tokens", Msg: "got 0"},

		// Text completions.
		{Text: true, Body: `{"model":"m","prompt":"Hi","stop":["\n"]}`, Param: "stop", Code: "unsupported_parameter"},
		{Text: true, Body: `{"model":"m","prompt":"Hi","suffix":"end"}`, Param: "suffix", Code: "unsupported_parameter"},
		{Text: true, Body: `{"model":"m","prompt":"Hi","logprobs":1}`, Param: "logprobs", Code: "unsupported_parameter"},
		{Text: true, Body: `{"model":"m","prompt":"Hi","max_tokens":0}`, Param: "max_tokens", Msg: "between 1 and"},
	})
}
