package cohere

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

const requestDir = "testdata/request"

// build translates body with family f, as a chat or, when body has a
// prompt, as a text completion.
func build(t testing.TB, f invoke.Family, body []byte, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	t.Helper()
	return familytest.Build(t, f, body, bytes.Contains(body, []byte(`"prompt"`)), opts)
}

// TestRequestGolden translates testdata/request/<name>.json and compares
// the body with <name>.golden.json (-update rewrites them). The requests
// follow the examples of Bedrock's Cohere pages and Cohere's own.
func TestRequestGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range []struct {
		name    string
		family  invoke.Family
		opts    invoke.Options
		dropped []string
		text    bool
		// names maps Cohere's tool names to the client's.
		names map[string]string
		// absent are substrings that must not occur in the body.
		absent []string
	}{
		{name: "command_plain", family: command{}},
		{name: "command_system", family: command{}},
		{name: "command_multi_turn", family: command{}},
		{name: "command_prefill", family: command{}},
		{name: "command_params", family: command{}, absent: []string{"include_usage", "return_likelihoods\":\"NONE", `"n"`, "logprobs", "penalty", "response_format", "modalities"}},
		{name: "command_max_completion_tokens", family: command{}},
		{name: "command_drop_params", family: command{}, opts: invoke.Options{DropParams: true},
			dropped: []string{"messages[0].content[1]", "messages[1].tool_calls", "messages[2]", "tools", "n", "logprobs", "top_logprobs",
				"logit_bias", "seed", "frequency_penalty", "presence_penalty", "response_format", "audio", "modalities", "num_generations"},
			absent: []string{"image", "search", "a cat", "tool"}},
		{name: "command_ignored", family: command{}, dropped: []string{"thinking", "reasoning_effort"}, absent: []string{
			"user-1234", "metadata", "store", "parallel", "safety", "prompt_cache", "sk-client", "AKIA", "evil", "Evil", "drop_params",
			"thinking", "reasoning", "stream", "temperature"}},
		{name: "command_text", family: command{}, text: true, absent: []string{"echo", "best_of", "logprobs", "Chatbot", "User:"}},
		{name: "command_text_default", family: command{}, text: true, absent: []string{"max_tokens"}},

		{name: "chat_plain", family: commandR{}},
		{name: "chat_system", family: commandR{}},
		{name: "chat_multi_turn", family: commandR{}},
		{name: "chat_params", family: commandR{}, absent: []string{"stream", `"n"`, "max_completion_tokens", "top_p", "top_k"}},
		{name: "chat_documents", family: commandR{}},
		{name: "chat_tools", family: commandR{}, absent: []string{"tool_choice", "tool_results"}},
		{name: "chat_tool_results", family: commandR{}, absent: []string{"call_a", "call_b", `"TOOL"`}},
		{name: "chat_tool_history", family: commandR{}, absent: []string{"get-weather", "call_0"},
			names: map[string]string{"get_weather_19a275db": "get-weather"}},
		{name: "chat_tool_choice_none", family: commandR{}, absent: []string{"tools"}},
		{name: "chat_continue", family: commandR{}, opts: invoke.Options{UserContinueMessage: "Please continue."}},
		{name: "chat_drop_params", family: commandR{}, opts: invoke.Options{DropParams: true},
			dropped: []string{"n", "logprobs", "logit_bias", "response_format", "reasoning_effort", "web_search_options",
				"messages[0].content[1]", "thinking_blocks", "tool_choice"},
			absent: []string{"image", "hmm", "sig", "json_schema", "required"}},
		{name: "chat_text", family: commandR{}, text: true, absent: []string{"prompt", "stream"}},
	} {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(requestDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			body, st, terr := build(t, tc.family, in, &tc.opts)
			if terr != nil {
				t.Fatalf("%s (param %s)", terr.Message, terr.Param)
			}
			if !json.Valid(body) {
				t.Fatalf("invalid JSON: %s", body)
			}
			translatetest.CompareJSON(t, filepath.Join(requestDir, tc.name+".golden.json"), body)

			// History replayed in a later turn must read the same.
			again, _, _ := build(t, tc.family, in, &tc.opts)
			if !bytes.Equal(body, again) {
				t.Errorf("second translation differs")
			}
			if !slices.Equal(st.Dropped, tc.dropped) {
				t.Errorf("dropped %q, want %q", st.Dropped, tc.dropped)
			}
			if st.Text != tc.text || st.IncludeUsage != bytes.Contains(in, []byte(`"include_usage": true`)) {
				t.Errorf("answering %+v", st.Answering)
			}
			for cohere, client := range tc.names {
				if got := chatStateOf(st).clientName([]byte(cohere)); got != client {
					t.Errorf("clientName(%q) = %q, want %q", cohere, got, client)
				}
			}
			for _, s := range tc.absent {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("body contains %q: %s", s, body)
				}
			}
		})
	}

	translatetest.CheckCovered(t, requestDir, covered)
}

func TestRequestErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	for i, tc := range []struct {
		family invoke.Family
		body   string
		opts   invoke.Options
		param  string
		msg    string // a substring of the message
		code   string
	}{
		// Content Command cannot take.
		{family: command{}, body: `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]}]}`,
			param: "messages[0].content[1]", code: "unsupported_content", msg: "cohere models take text only: image_url parts"},
		{family: command{}, body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}`,
			param: "messages[1].tool_calls", code: "unsupported_content", msg: "tool calls"},
		{family: command{}, body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":"r"}]}`,
			param: "messages[1]", code: "unsupported_content", msg: "tool results"},
		{family: command{}, body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}]}`,
			param: "tools", code: "unsupported_parameter", msg: "parameter 'tools' is not supported by cohere models"},

		// Parameters neither family can honour, and Command's own.
		{family: command{}, body: `{"model":"m",` + user + `,"seed":1}`, param: "seed", code: "unsupported_parameter"},
		{family: command{}, body: `{"model":"m",` + user + `,"frequency_penalty":0.5}`, param: "frequency_penalty", code: "unsupported_parameter"},
		{family: command{}, body: `{"model":"m",` + user + `,"presence_penalty":-1}`, param: "presence_penalty", code: "unsupported_parameter"},
		{family: command{}, body: `{"model":"m",` + user + `,"num_generations":2}`, param: "num_generations", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"n":2}`, param: "n", code: "unsupported_parameter", msg: "not supported by cohere_chat models"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"logprobs":true}`, param: "logprobs", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"top_logprobs":1}`, param: "top_logprobs", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"logit_bias":{"1":2}}`, param: "logit_bias", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"response_format":{"type":"json_object"}}`, param: "response_format", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"modalities":["audio"]}`, param: "modalities", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"audio":{"voice":"alloy"}}`, param: "audio", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"prediction":{"type":"content","content":"x"}}`, param: "prediction", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"service_tier":"flex"}`, param: "service_tier", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"web_search_options":{}}`, param: "web_search_options", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"functions":[{"name":"f"}]}`, param: "functions", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"function_call":"auto"}`, param: "function_call", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"verbosity":"low"}`, param: "verbosity", code: "unsupported_parameter"},

		// Integers.
		{family: command{}, body: `{"model":"m",` + user + `,"max_tokens":0}`, param: "max_tokens", msg: "between 1 and 100000000, got 0"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"max_tokens":9,"max_completion_tokens":0}`, param: "max_completion_tokens", msg: "between 1 and"},
		{family: command{}, body: `{"model":"m",` + user + `,"top_k":501}`, param: "top_k", msg: "between 0 and 500"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"top_k":-1}`, param: "top_k", msg: "between 0 and 500"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"top_k":2.5}`, param: "top_k", msg: "expected an integer"},

		// Native members that would repeat what the gateway writes.
		{family: command{}, body: `{"model":"m",` + user + `,"top_p":0.5,"p":0.7}`, param: "p", msg: "'p' is set by the gateway for cohere models"},
		{family: command{}, body: `{"model":"m",` + user + `,"top_k":5,"k":7}`, param: "k"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"message":"other"}`, param: "message"},
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"system","content":"S"},{"role":"user","content":"Hi"}],"preamble":"P"}`, param: "preamble"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"stop":"x","stop_sequences":["y"]}`, param: "stop_sequences"},

		// Command R's conversation.
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}`,
			param: "messages", msg: "cannot continue an assistant message"},
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"system","content":"S"}]}`,
			param: "messages", msg: "no user or assistant turn"},
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"b","content":"r"}]}`,
			param: "messages[2].tool_call_id", msg: `no assistant message before it has a tool call with id "b"`},
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"[1]"}}]},{"role":"user","content":"y"}]}`,
			param: "messages[1].tool_calls[0].function.arguments", msg: "must be a JSON object"},
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]},{"role":"tool","tool_call_id":"a","content":"r"}]}`,
			param: "messages[1].tool_calls[0].function.arguments", msg: "must be a JSON object"},
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]}]}`,
			param: "messages[0].content[0]", code: "unsupported_content", msg: "cohere_chat models take text only: image_url parts"},
		{family: commandR{}, body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":[{"type":"file","file":{"file_data":"data:application/pdf;base64,AA=="}}]}]}`,
			param: "messages[2].content[0]", code: "unsupported_content", msg: "file parts"},

		// Command R's tools.
		{family: commandR{}, body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"required"}`,
			param: "tool_choice", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"f"}}}`,
			param: "tool_choice", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m",` + user + `,"tools":[{"type":"custom","custom":{"name":"x"}}]}`,
			param: "tools[0].type", msg: `unsupported tool type "custom"`},
		{family: commandR{}, body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"get weather"}}]}`,
			param: "tools[0].function.name", msg: `"get weather" must be 1 to 64 letters`},
		{family: commandR{}, body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"ok"}},{"type":"function","function":{"name":"f","parameters":["x"]}}]}`,
			param: "tools[1].function.parameters", msg: "must be a JSON schema object"},

		// Text completions.
		{family: command{}, body: `{"model":"m","prompt":"Once","suffix":"end"}`, param: "suffix", code: "unsupported_parameter"},
		{family: command{}, body: `{"model":"m","prompt":"Once","logprobs":2}`, param: "logprobs", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m","prompt":"Once","suffix":"end"}`, param: "suffix", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m","prompt":"Once","logprobs":1}`, param: "logprobs", code: "unsupported_parameter"},
		{family: commandR{}, body: `{"model":"m","prompt":"Once","max_tokens":0}`, param: "max_tokens", msg: "between 1 and"},
	} {
		body, st, err := build(t, tc.family, []byte(tc.body), &tc.opts)
		if err == nil {
			t.Errorf("%d: no error; body %s", i, body)
			continue
		}
		if body != nil || st != nil {
			t.Errorf("%d: an error with a body or a state", i)
		}
		if err.Status != http.StatusBadRequest || err.Param != tc.param || err.Code != tc.code || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: got %d param=%q code=%q %q\nwant param=%q code=%q containing %q",
				i, err.Status, err.Param, err.Code, err.Message, tc.param, tc.code, tc.msg)
		}
	}
}

func BenchmarkChat(b *testing.B) {
	body := translatetest.ChatBody(b)
	for _, bc := range []struct {
		name   string
		family invoke.Family
	}{{"cohere", command{}}, {"cohere_chat", commandR{}}} {
		b.Run(bc.name, func(b *testing.B) {
			opts := &invoke.Options{DropParams: true}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				// The request is parsed anew each time: DecodeContent
				// decodes once per request, as the handler's would.
				req, err := translate.ParseChatRequest(body)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := bc.family.Chat(req, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
