package mistral

import (
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// TestRequestErrors: everything the family refuses is a 400 naming the
// parameter, and says why.
func TestRequestErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	const image = `"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]`
	const tools = `"tools":[{"type":"function","function":{"name":"top_song","parameters":{"type":"object"}}}]`
	for _, tc := range []struct {
		model string
		text  bool // a text completion, not a chat
		body  string
		param string
		code  string
		msg   string
	}{
		// Content the models cannot take.
		{model: mistral7B, body: image, param: "messages[0].content[1]", code: "unsupported_content", msg: "Mistral 7B and Mixtral models take text only"},
		{model: large2407, body: image, param: "messages[0].content[1]", code: "unsupported_content", msg: "Mistral Large and Small models on Bedrock take text only: image_url parts"},
		{model: mixtral, body: `"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}]`,
			param: "messages[1].tool_calls", code: "unsupported_content", msg: "tool calls"},
		{model: mixtral, body: `"messages":[{"role":"user","content":"Hi"},{"role":"tool","tool_call_id":"a","content":"x"}]`,
			param: "messages[1]", code: "unsupported_content", msg: "tool results"},
		{model: large2407, body: `"messages":[{"content":"Hi"}]`, param: "messages[0].role", msg: "missing role"},

		// Tools on models without them, and tool mistakes.
		{model: mistral7B, body: user + `,` + tools, param: "tools", code: "unsupported_parameter", msg: "not supported by Mistral 7B and Mixtral models"},
		{model: mistral7B, body: user + `,"tool_choice":"required"`, param: "tool_choice", code: "unsupported_parameter"},
		{model: mixtral, body: user + `,"response_format":{"type":"json_object"}`, param: "response_format", code: "unsupported_parameter"},
		{model: mixtral, body: user + `,"response_format":{"type":"xml"}`, param: "response_format.type", msg: `"xml"`},
		{model: large2407, body: user + `,"response_format":{"type":"json_schema"}`, param: "response_format.json_schema", msg: "is required"},
		{model: large2407, body: user + `,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":[]}}`,
			param: "response_format.json_schema.schema", msg: "must be a JSON object"},
		{model: large2407, body: user + `,` + tools + `,"tool_choice":{"type":"function","function":{"name":"other"}}`,
			param: "tool_choice", msg: `"other", which is not in tools`},
		{model: large2407, body: user + `,"tools":[{"type":"retrieval","function":{"name":"f"}}]`, param: "tools[0].type", msg: `"retrieval"`},
		{model: large2407, body: user + `,"tools":[{"type":"function","function":{"name":"f","parameters":"{}"}}]`,
			param: "tools[0].function.parameters", msg: "must be a JSON schema object"},

		// OpenAI parameters the models cannot honour.
		{model: large2407, body: user + `,"n":2`, param: "n", code: "unsupported_parameter", msg: "not supported by Mistral Large and Small models"},
		{model: mistral7B, body: user + `,"logprobs":true`, param: "logprobs", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"top_logprobs":3`, param: "top_logprobs", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"presence_penalty":0.5`, param: "presence_penalty", code: "unsupported_parameter"},
		{model: mistral7B, body: user + `,"frequency_penalty":-1`, param: "frequency_penalty", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"logit_bias":{"50256":-100}`, param: "logit_bias", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"modalities":["text","audio"]`, param: "modalities", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"seed":7`, param: "seed", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"audio":{"voice":"alloy"}`, param: "audio", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"functions":[]`, param: "functions", code: "unsupported_parameter"},
		{model: large2407, body: user + `,"prompt":"Hi"`, param: "prompt", code: "unsupported_parameter"},

		// Numbers out of range.
		{model: mistral7B, body: user + `,"max_tokens":0`, param: "max_tokens", msg: "between 1 and"},
		{model: large2407, body: user + `,"max_tokens":10,"max_completion_tokens":0`, param: "max_completion_tokens", msg: "between 1 and"},
		{model: mistral7B, body: user + `,"top_k":"many"`, param: "top_k", msg: "expected an integer"},
		{model: mistral7B, body: user + `,"top_k":-1`, param: "top_k", msg: "between 0 and"},
		{model: mistral7B, body: user + `,"top_k":2.5`, param: "top_k", msg: "expected an integer"},

		// Text completions.
		{model: mistral7B, text: true, body: `"prompt":"Hi","suffix":"!"`, param: "suffix", code: "unsupported_parameter"},
		{model: large2402, text: true, body: `"prompt":"Hi","suffix":"!"`, param: "suffix", code: "unsupported_parameter"},
		{model: small2402, text: true, body: `"prompt":"Hi","logprobs":3`, param: "logprobs", code: "unsupported_parameter"},
		{model: mixtral, text: true, body: `"prompt":"Hi","max_tokens":0`, param: "max_tokens", msg: "between 1 and"},
		{model: mixtral, text: true, body: `"prompt":"Hi","seed":3`, param: "seed", code: "unsupported_parameter"},
	} {
		body := []byte(`{"model":"m",` + tc.body + `}`)
		opts := &invoke.Options{ModelID: tc.model}
		_, _, err := familytest.Build(t, family{}, body, tc.text, opts)
		switch {
		case err == nil:
			t.Errorf("%s %s: no error", tc.model, tc.body)
		case err.Status != 400 || err.Type != translate.ErrInvalidRequest || err.Param != tc.param || err.Code != tc.code:
			t.Errorf("%s %s: %d %s param %q code %q, want param %q code %q: %s",
				tc.model, tc.body, err.Status, err.Type, err.Param, err.Code, tc.param, tc.code, err.Message)
		case !strings.Contains(err.Message, tc.msg):
			t.Errorf("%s %s: message %q lacks %q", tc.model, tc.body, err.Message, tc.msg)
		}
	}
}
