package anthropic

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func TestChatErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	part := func(p string) string { return `{"model":"m","messages":[{"role":"user","content":[` + p + `]}]}` }
	for i, tc := range []struct {
		body   string
		opts   invoke.Options // ModelID claude37Sonnet unless set
		param  string
		status int    // 400 unless set
		msg    string // substring of the message
		code   string
	}{
		// Media.
		{body: part(`{"type":"image_url","image_url":{"url":"https://images.example/cat.png"}}`),
			param: "messages[0].content[0].image_url.url", msg: "remote image URLs are disabled on this model"},
		{body: part(`{"type":"image_url","image_url":{"url":"https://images.example/dog.png"}}`),
			opts: invoke.Options{FetchImage: fakeFetchImage}, param: "messages[0].content[0].image_url.url", msg: "could not fetch the image: GET https://images.example/dog.png: 404"},
		{body: part(`{"type":"image_url","image_url":{"url":"https://images.example/huge.png"}}`),
			opts: invoke.Options{FetchImage: fakeFetchImage}, status: http.StatusRequestEntityTooLarge, msg: "larger than 5 MB"},
		{body: part(`{"type":"image_url","image_url":{"url":"ftp://images.example/a.png"}}`),
			param: "messages[0].content[0].image_url.url", msg: "must be a base64 data URL"},
		{body: part(`{"type":"image_url","image_url":{}}`), param: "messages[0].content[0].image_url.url", msg: "is required"},
		{body: part(`{"type":"image_url","image_url":{"url":"data:image/png,rawbytes"}}`),
			param: "messages[0].content[0].image_url", msg: "malformed data URL"},
		{body: part(`{"type":"image_url","image_url":{"url":"data:image/png;base64,not base64!"}}`),
			param: "messages[0].content[0].image_url", msg: "not valid base64"},
		{body: part(`{"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0="}}`),
			param: "messages[0].content[0].image_url", msg: `unsupported media type "image/bmp": images may be png, jpeg, gif or webp; documents pdf, txt, csv, md or html`},
		{body: part(`{"type":"file","file":{"file_data":"UEsDBA==","filename":"a.docx"}}`),
			param: "messages[0].content[0].file", msg: `unsupported media type "application/vnd.openxmlformats-officedocument.wordprocessingml.document"`},
		{body: part(`{"type":"file","file":{"file_id":"file-abc123"}}`), param: "messages[0].content[0].file.file_id", msg: "no files API"},
		{body: part(`{"type":"file"}`), param: "messages[0].content[0].file", msg: "is required"},
		{body: part(`{"type":"file","file":{"file_data":"/w==","filename":"a.txt"}}`),
			param: "messages[0].content[0].file", msg: "a text/plain document must be UTF-8 text"},
		{body: part(`{"type":"file","file":{"file_data":"JVBERi0xLjQK","filename":"a.pdf"}}`), opts: invoke.Options{ModelID: claude3Haiku},
			param: "messages[0].content[0].file", code: "unsupported_content", msg: "this model takes no documents (Claude 3.5 and later do); remove the file, or set drop_params"},
		{body: part(`{"type":"text","text":"Hi"},{"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}`),
			param: "messages[0].content[1].type", msg: `unsupported content part type "input_audio"`},
		{body: `{"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},{"role":"user","content":"Hi"}]}`,
			param: "messages[0].content[0].type", msg: "system messages may contain only text parts"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":[{"type":"refusal","refusal":"no"}]}]}`,
			param: "messages[1].content[0].type", msg: `unsupported content part type "refusal"`},

		// Claude 2.x and Instant: text only, no tools.
		{body: part(`{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}`),
			opts: invoke.Options{ModelID: claude21}, param: "messages[0].content[1]", code: "unsupported_content",
			msg: "Claude 2 and Claude Instant models take text only: image_url parts cannot be sent to them"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}`,
			opts: invoke.Options{ModelID: claude2}, param: "messages[1].tool_calls", code: "unsupported_content", msg: "tool calls"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":"r"}]}`,
			opts: invoke.Options{ModelID: claudeInstant}, param: "messages[1]", code: "unsupported_content", msg: "tool results"},
		{body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}]}`, opts: invoke.Options{ModelID: claude2},
			param: "tools", code: "unsupported_parameter", msg: "parameter 'tools' is not supported by Claude 2 and Claude Instant models"},
		{body: `{"model":"m",` + user + `,"tool_choice":"none"}`, opts: invoke.Options{ModelID: claude2}, param: "tool_choice", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"json_object"}}`, opts: invoke.Options{ModelID: claudeInstant},
			param: "response_format", code: "unsupported_parameter"},

		// Messages.
		{body: `{"model":"m","messages":[{"role":"user","content":"  "},{"role":"assistant","content":[{"type":"text","text":""}]}]}`,
			param: "messages", msg: "messages contain no content"},
		{body: `{"model":"m","messages":[{"role":"system","content":"You are helpful."}]}`, param: "messages", msg: "messages contain no content"},
		{body: `{"model":"m","messages":[{"role":"system","content":"You are helpful."}]}`, opts: invoke.Options{ModelID: claude2},
			param: "messages", msg: "messages contain no content"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}`,
			param: "messages[1].tool_calls[0].function.arguments", msg: "must be a JSON object"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}]}`,
			param: "messages[1].tool_calls[0].function.arguments", msg: "must be a JSON object"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y","thinking_blocks":[{"type":"summary","thinking":"t"}]}]}`,
			param: "messages[1].thinking_blocks[0].type", msg: `unsupported thinking block type "summary"`},

		// Thinking.
		{body: `{"model":"m",` + user + `,"reasoning_effort":"extreme"}`, param: "reasoning_effort", msg: `"extreme"`},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled","budget_tokens":500}}`,
			param: "thinking.budget_tokens", msg: "expected an integer between 1024 and 100000000, got 500"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled"}}`, param: "thinking.budget_tokens", msg: "got 0"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled","budget_tokens":2048},"max_tokens":2048}`,
			param: "max_tokens", msg: "'max_tokens' (2048) must be greater than the thinking budget (2048)"},
		{body: `{"model":"m",` + user + `,"reasoning_effort":"high","max_tokens":9000,"max_completion_tokens":1000}`,
			param: "max_completion_tokens", msg: "must be greater than the thinking budget (4096)"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"auto"}}`, param: "thinking.type", msg: `"auto"`},
		{body: `{"model":"m",` + user + `,"reasoning_effort":"low","temperature":0.7}`, param: "temperature", msg: "temperature may only be 1"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled","budget_tokens":2048},"top_p":0.5}`, param: "top_p", msg: "between 0.95 and 1"},
		{body: `{"model":"m",` + user + `,"reasoning_effort":"medium","top_k":5}`, param: "top_k", msg: "does not allow top_k"},
		{body: `{"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Sure:"}],"reasoning_effort":"low"}`,
			param: "messages", msg: "prefill"},

		// Tools and response_format.
		{body: `{"model":"m",` + user + `,"tools":[{"type":"custom","custom":{"name":"x"}}]}`, param: "tools[0].type", msg: `unsupported tool type "custom"`},
		{body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"get weather"}}]}`,
			param: "tools[0].function.name", msg: `"get weather" must be 1 to 64 letters`},
		{body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"ok"}},{"type":"function","function":{"name":"f","parameters":["x"]}}]}`,
			param: "tools[1].function.parameters", msg: "must be a JSON schema object"},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"xml"}}`, param: "response_format.type", msg: `"xml"`},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"json_schema"}}`, param: "response_format.json_schema", msg: "is required"},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":true}}}`,
			param: "response_format.json_schema.schema", msg: "must be a JSON object"},
		{body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}],"parallel_tool_calls":"no"}`,
			param: "parallel_tool_calls", msg: "expected a boolean"},

		// Integers the Messages API takes in a narrower range than OpenAI.
		{body: `{"model":"m",` + user + `,"max_tokens":0}`, param: "max_tokens", msg: "expected an integer between 1 and 100000000, got 0"},
		{body: `{"model":"m",` + user + `,"max_tokens":5,"max_completion_tokens":0}`, param: "max_completion_tokens", msg: "between 1 and 100000000, got 0"},
		{body: `{"model":"m",` + user + `,"top_k":-1}`, param: "top_k", msg: "expected an integer between 0 and 1000000, got -1"},
		{body: `{"model":"m",` + user + `,"top_k":1000001}`, param: "top_k", msg: "between 0 and 1000000"},
		{body: `{"model":"m",` + user + `,"top_k":4.5}`, param: "top_k", msg: "expected an integer, got 4.5"},
		{body: `{"model":"m",` + user + `,"top_k":"5"}`, param: "top_k", msg: "expected an integer, got string"},

		// Top-level members.
		{body: `{"model":"m",` + user + `,"n":2}`, param: "n", code: "unsupported_parameter",
			msg: "parameter 'n' is not supported by Anthropic Claude models; remove it from the request, or set drop_params"},
		{body: `{"model":"m",` + user + `,"logprobs":true}`, param: "logprobs", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"top_logprobs":2}`, param: "top_logprobs", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"logit_bias":{"1":1}}`, param: "logit_bias", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"presence_penalty":0.1}`, param: "presence_penalty", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"frequency_penalty":2}`, param: "frequency_penalty", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"seed":7}`, param: "seed", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"audio":{"voice":"alloy"}}`, param: "audio", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"modalities":["audio"]}`, param: "modalities", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"prediction":{"type":"content","content":"x"}}`, param: "prediction", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"service_tier":"priority"}`, param: "service_tier", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"web_search_options":{}}`, param: "web_search_options", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"functions":[{"name":"f"}]}`, param: "functions", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"function_call":"auto"}`, param: "function_call", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"verbosity":"low"}`, param: "verbosity", code: "unsupported_parameter"},
		{body: `{"model":"m",` + user + `,"system":"Be brief."}`, param: "system", msg: "'system' is written by the gateway (from system and developer messages)"},
		{body: `{"model":"m",` + user + `,"stop_sequences":["x"]}`, param: "stop_sequences", msg: "(from stop)"},
		{body: `{"model":"m",` + user + `,"anthropic_version":"2023-06-01"}`, param: "anthropic_version", msg: "written by the gateway"},
		{body: `{"model":"m",` + user + `,"user":42}`, param: "user", msg: "expected a string"},
		{body: `{"model":"m",` + user + `,"safety_identifier":["a"]}`, param: "safety_identifier", msg: "expected a string"},
	} {
		req, derr := translate.ParseChatRequest([]byte(tc.body))
		if derr != nil {
			t.Fatalf("%d: parse: %v", i, derr)
		}
		opts := tc.opts
		if opts.ModelID == "" {
			opts.ModelID = claude37Sonnet
		}
		body, st, err := Family{}.Chat(req, &opts)
		if err == nil {
			t.Errorf("%d: no error; body %s", i, body)
			continue
		}
		if body != nil || st != nil {
			t.Errorf("%d: error with a body or state", i)
		}
		status := tc.status
		if status == 0 {
			status = http.StatusBadRequest
		}
		if err.Status != status || err.Param != tc.param || !strings.Contains(err.Message, tc.msg) || err.Code != tc.code {
			t.Errorf("%d: got %d param=%q code=%q %q\nwant %d param=%q code=%q containing %q",
				i, err.Status, err.Param, err.Code, err.Message, status, tc.param, tc.code, tc.msg)
		}
	}
}
