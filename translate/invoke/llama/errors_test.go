package llama

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// TestErrors covers every request the family refuses: what a text model
// cannot take, the parameters it cannot honour, and limits out of range.
// Each names the parameter, as OpenAI's errors do.
func TestErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	for i, tc := range []struct {
		body  string
		text  bool // a text completion
		param string
		code  string
		msg   string // a substring of the message
	}{
		// Content a text model cannot take.
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}`,
			param: "messages[0].content[1]", code: "unsupported_content", msg: "Llama models take text only: image_url parts cannot be sent to them"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0="}}]}]}`,
			param: "messages[0].content[0]", code: "unsupported_content", msg: "file parts"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}`,
			param: "messages[1].tool_calls", code: "unsupported_content", msg: "tool calls"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":"42"}]}`,
			param: "messages[1]", code: "unsupported_content", msg: "tool results"},
		{body: `{"model":"m","messages":[{"role":"user","content":"  "},{"role":"assistant","content":""}]}`,
			param: "messages", msg: "messages contain no content"},
		{body: `{"model":"m","messages":[{"role":"wizard","content":"x"}]}`, param: "messages[0].role"},

		// Parameters a Llama body cannot honour.
		{body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}]}`, param: "tools", code: "unsupported_parameter",
			msg: "parameter 'tools' is not supported by Llama models; remove it from the request, or set drop_params on the model"},
		{body: `{"model":"m",` + user + `,"tool_choice":"required"}`, param: "tool_choice", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"tool_choice":{"type":"function","function":{"name":"f"}}}`, param: "tool_choice", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"json_object"}}`, param: "response_format", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"stop":"END"}`, param: "stop", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"stop":["", "END"]}`, param: "stop", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"n":2}`, param: "n", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"logprobs":true}`, param: "logprobs", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"top_logprobs":1}`, param: "top_logprobs", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"logit_bias":{"1":1}}`, param: "logit_bias", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"presence_penalty":0.1}`, param: "presence_penalty", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"frequency_penalty":-1}`, param: "frequency_penalty", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"seed":1}`, param: "seed", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"modalities":["audio"]}`, param: "modalities", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"audio":{"voice":"alloy"}}`, param: "audio", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"prediction":{"type":"content","content":"x"}}`, param: "prediction", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"service_tier":"flex"}`, param: "service_tier", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"web_search_options":{}}`, param: "web_search_options", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"functions":[{"name":"f"}]}`, param: "functions", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"function_call":"auto"}`, param: "function_call", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"verbosity":"low"}`, param: "verbosity", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"prompt":"x"}`, param: "prompt", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"max_gen_len":5}`, param: "max_gen_len", code: "unsupported_parameter"},
		// The first parameter refused is the one named.
		{body: `{"model":"m",` + user + `,"seed":1,"n":2}`, param: "seed", code: "unsupported_parameter"},

		// Limits.
		{body: `{"model":"m",` + user + `,"max_tokens":0}`, param: "max_tokens",
			msg: "invalid value for 'max_tokens': expected an integer between 1 and 100000000, got 0"},
		{body: `{"model":"m",` + user + `,"max_tokens":5,"max_completion_tokens":0}`, param: "max_completion_tokens", msg: "got 0"},

		// Text completions.
		{text: true, body: `{"model":"m","prompt":"Hi","stop":["\n"]}`, param: "stop", code: "unsupported_parameter"},
		{text: true, body: `{"model":"m","prompt":"Hi","suffix":"end"}`, param: "suffix", code: "unsupported_parameter"},
		{text: true, body: `{"model":"m","prompt":"Hi","logprobs":1}`, param: "logprobs", code: "unsupported_parameter"},
		{text: true, body: `{"model":"m","prompt":"Hi","max_tokens":0}`, param: "max_tokens", msg: "between 1 and"},
	} {
		var body []byte
		var st *invoke.State
		var err *translate.Error
		opts := &invoke.Options{ModelID: llama3_8b}
		if tc.text {
			req, perr := translate.ParseTextRequest([]byte(tc.body))
			if perr != nil {
				t.Fatalf("%d: parse: %v", i, perr)
			}
			body, st, err = Family{}.Text(req, opts)
		} else {
			req, perr := translate.ParseChatRequest([]byte(tc.body))
			if perr != nil {
				t.Fatalf("%d: parse: %v", i, perr)
			}
			body, st, err = Family{}.Chat(req, opts)
		}
		if err == nil {
			t.Errorf("%d: no error; body %s", i, body)
			continue
		}
		if body != nil || st != nil {
			t.Errorf("%d: an error with a body or a state", i)
		}
		if err.Status != http.StatusBadRequest || err.Param != tc.param || err.Code != tc.code || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: %d param=%q code=%q %q\nwant 400 param=%q code=%q containing %q",
				i, err.Status, err.Param, err.Code, err.Message, tc.param, tc.code, tc.msg)
		}
	}
}
