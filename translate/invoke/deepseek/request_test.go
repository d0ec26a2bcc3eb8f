package deepseek

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// The model ID of the supported models table, and an imported model's ARN.
const (
	r1          = "us.deepseek.r1-v1:0"
	importedARN = "arn:aws:bedrock:us-west-2:123456789012:imported-model/r1distill8b"
)

// thinks checks whether the state says the answer starts inside <think>.
func thinks(open bool) func(*testing.T, *invoke.State) {
	return func(t *testing.T, st *invoke.State) {
		if rs, ok := st.Family.(*reasoning); !ok || rs.open != open {
			t.Errorf("state %#v, want a chat's reasoning open=%v", st.Family, open)
		}
	}
}

// noSplitting checks that a text completion's answer goes as it comes.
func noSplitting(t *testing.T, st *invoke.State) {
	if st.Family != nil {
		t.Errorf("state %#v for a text completion", st.Family)
	}
}

// TestChatGolden translates testdata/request/<name>.json and compares the
// body with <name>.golden.json; -update rewrites the golden files.
func TestChatGolden(t *testing.T) {
	familytest.ChatGolden(t, []familytest.BodyCase{
		{Name: "plain", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Check: thinks(true)},
		{Name: "system", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Check: thinks(true)},
		{Name: "multi_turn", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Check: thinks(true),
			Absent: []string{"Simple addition", "4 * 3"}},
		{Name: "params", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Absent: []string{`""`, "stream"}},
		{Name: "stop_string", Family: "deepseek", Opts: invoke.Options{ModelID: r1}},
		{Name: "imported", Family: "deepseek", Opts: invoke.Options{ModelID: importedARN}, Absent: []string{"max_tokens"}},
		{Name: "prefill", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Check: thinks(false)},
		{Name: "prefill_think", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Check: thinks(true)},
		{Name: "drop_params", Family: "deepseek", Opts: invoke.Options{ModelID: r1, DropParams: true},
			Dropped: []string{"messages[0].content[1]", "messages[1].tool_calls", "messages[2]", "tools", "tool_choice",
				"response_format", "n", "logprobs", "seed", "presence_penalty", "prompt"},
			Absent: []string{"JVBER", "ocr", "text of the PDF", "injected", "seed"}},
		{Name: "thinking", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Dropped: []string{"reasoning_effort", "thinking"},
			Absent: []string{"budget", "reasoning", "u-1", "AKIA"}},
	})
}

// TestTextGolden does the same for text completions, in testdata/text:
// the prompt goes as it is.
func TestTextGolden(t *testing.T) {
	familytest.TextGolden(t, []familytest.BodyCase{
		{Name: "plain", Family: "deepseek", Opts: invoke.Options{ModelID: r1}, Check: noSplitting},
		{Name: "imported", Family: "deepseek", Opts: invoke.Options{ModelID: importedARN}, Check: noSplitting,
			Absent: []string{"max_tokens", "suffix"}},
	})
}

// TestErrors covers every request the family refuses.
func TestErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	familytest.CheckErrors(t, Family{}, invoke.Options{ModelID: r1}, []familytest.ErrorCase{
		{Body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}`,
			Param: "messages[0].content[0]", Code: "unsupported_content", Msg: "DeepSeek models take text only: image_url parts"},
		{Body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}`,
			Param: "messages[1].tool_calls", Code: "unsupported_content", Msg: "tool calls"},
		{Body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":"42"}]}`,
			Param: "messages[1]", Code: "unsupported_content", Msg: "tool results"},
		{Body: `{"model":"m","messages":[{"role":"system","content":" "}]}`, Param: "messages", Msg: "messages contain no content"},
		{Body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}]}`, Param: "tools", Code: "unsupported_parameter",
			Msg: "parameter 'tools' is not supported by DeepSeek models"},
		{Body: `{"model":"m",` + user + `,"tool_choice":"required"}`, Param: "tool_choice", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"response_format":{"type":"json_object"}}`, Param: "response_format", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"n":3}`, Param: "n", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"logprobs":true}`, Param: "logprobs", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"top_logprobs":3}`, Param: "top_logprobs", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"logit_bias":{"1":-100}}`, Param: "logit_bias", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"frequency_penalty":0.2}`, Param: "frequency_penalty", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"seed":42}`, Param: "seed", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"modalities":["text","audio"]}`, Param: "modalities", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"prompt":"x"}`, Param: "prompt", Code: "unsupported_parameter"},
		{Body: `{"model":"m",` + user + `,"max_tokens":0}`, Param: "max_tokens", Msg: "expected an integer between 1 and 100000000, got 0"},
		{Body: `{"model":"m",` + user + `,"max_completion_tokens":0}`, Param: "max_completion_tokens", Msg: "got 0"},
		{Text: true, Body: `{"model":"m","prompt":"Hi","suffix":"!"}`, Param: "suffix", Code: "unsupported_parameter"},
		{Text: true, Body: `{"model":"m","prompt":"Hi","presence_penalty":1}`, Param: "presence_penalty", Code: "unsupported_parameter"},
		{Text: true, Body: `{"model":"m","prompt":"Hi","max_tokens":0}`, Param: "max_tokens", Msg: "between 1 and"},
	})
}
