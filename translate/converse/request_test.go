package converse

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// Models of each capability profile bedrockruntime.LookupModel knows.
var (
	testClaude = bedrockruntime.LookupModel("us.anthropic.claude-sonnet-4-20250514-v1:0") // everything
	testLlama  = bedrockruntime.LookupModel("meta.llama3-1-70b-instruct-v1:0")            // auto only, no caching, no thinking
	testNova   = bedrockruntime.LookupModel("amazon.nova-pro-v1:0")                       // any, tool, caching; no thinking
	// testAnyOnly forces "any" but cannot name a tool.
	testAnyOnly = bedrockruntime.Model{ID: "example.any-only-v1", Provider: "example", ToolChoiceAny: true}
)

// fakeFetchImage serves one PNG; it stands in for the handler's fetcher.
func fakeFetchImage(url string) (string, []byte, error) {
	switch url {
	case "https://images.example/cat.png":
		return "image/png; charset=binary", []byte("\x89PNG\r\n\x1a\n"), nil
	case "https://images.example/huge.png":
		return "", nil, &translate.Error{Status: http.StatusRequestEntityTooLarge, Type: translate.ErrInvalidRequest,
			Message: "image at https://images.example/huge.png is larger than 5 MB"}
	}
	return "", nil, errors.New("GET " + url + ": 404 Not Found")
}

const requestDir = "testdata/request"

// longCallID is the 75-byte tool call id in tool_ids.json.
const longCallID = "call_0123456789012345678901234567890123456789012345678901234567890123456789"

// TestRequestGolden translates testdata/request/<name>.json and
// compares the result with <name>.golden.json. Run with -update to rewrite
// the golden files, then review the diff.
func TestRequestGolden(t *testing.T) {
	covered := map[string]bool{}
	for i, tc := range []struct {
		name     string
		opts     Options
		dropped  []string
		jsonTool string
		// toolIDs maps ids sent to Bedrock to the client's ids.
		toolIDs map[string]string
		// absent are substrings that must not occur in the body.
		absent []string
	}{
		{name: "system_developer", opts: Options{Model: testClaude}},
		{name: "merge_consecutive", opts: Options{Model: testClaude}},
		{name: "image_data_url", opts: Options{Model: testClaude}, absent: []string{"detail", "data:"}},
		{name: "pdf_file_part", opts: Options{Model: testClaude}},
		{name: "pdf_image_url", opts: Options{Model: testClaude}},
		{name: "remote_image_fetched", opts: Options{Model: testClaude, FetchImage: fakeFetchImage}, absent: []string{"https://"}},
		{name: "tool_calls_results", opts: Options{Model: testClaude}},
		{name: "tool_result_parts", opts: Options{Model: testClaude}},
		{name: "prefill", opts: Options{Model: testClaude}},
		{name: "continue_message", opts: Options{Model: testClaude, UserContinueMessage: "Please continue."}},
		{name: "continue_message_unset", opts: Options{Model: testClaude}},
		{name: "continue_message_after_blank", opts: Options{Model: testClaude, UserContinueMessage: "Please continue."}},
		{name: "prefill_continue_message", opts: Options{Model: testClaude, UserContinueMessage: "Please continue."}, absent: []string{"Please continue."}},
		{name: "thinking_blocks", opts: Options{Model: testClaude}, absent: []string{"no signature", "I should multiply"}},
		{name: "thinking_blocks_unsupported", opts: Options{Model: testLlama}, dropped: []string{"thinking", "thinking_blocks"}, absent: []string{"reasoningContent", "additionalModelRequestFields"}},
		{name: "cache_control", opts: Options{Model: testClaude}, absent: []string{"ephemeral", "ttl"}},
		{name: "cache_control_unsupported", opts: Options{Model: testLlama}, dropped: []string{"cache_control"}, absent: []string{"cachePoint"}},
		{name: "params", opts: Options{Model: testClaude}},
		{name: "params_stop_string", opts: Options{Model: testClaude}},
		{name: "tools_no_choice", opts: Options{Model: testClaude}},
		{name: "tool_choice_auto", opts: Options{Model: testClaude}},
		{name: "tool_choice_required", opts: Options{Model: testClaude}},
		{name: "tool_choice_named", opts: Options{Model: testClaude}},
		{name: "tool_choice_none", opts: Options{Model: testClaude}, absent: []string{"toolConfig"}},
		{name: "tool_choice_none_history", opts: Options{Model: testClaude}, absent: []string{"toolChoice"}},
		{name: "tool_choice_required_downgrade", opts: Options{Model: testLlama}, dropped: []string{"tool_choice"}},
		{name: "tool_choice_named_downgrade", opts: Options{Model: testAnyOnly}, dropped: []string{"tool_choice"}},
		{name: "tool_choice_required_thinking", opts: Options{Model: testClaude}, dropped: []string{"tool_choice"}},
		{name: "response_format_text", opts: Options{Model: testClaude}, absent: []string{"toolConfig"}},
		{name: "response_format_json_object", opts: Options{Model: testClaude}, jsonTool: JSONToolName},
		{name: "response_format_json_schema", opts: Options{Model: testClaude}, jsonTool: JSONToolName, absent: []string{"strict"}},
		{name: "response_format_thinking", opts: Options{Model: testClaude}, jsonTool: JSONToolName},
		{name: "response_format_any_only", opts: Options{Model: testAnyOnly}, jsonTool: JSONToolName},
		{name: "response_format_auto_only", opts: Options{Model: testLlama}, jsonTool: JSONToolName},
		{name: "thinking_budget", opts: Options{Model: testClaude}},
		// The largest budget a client may send, and maxTokens made from it.
		{name: "thinking_budget_max", opts: Options{Model: testClaude}},
		{name: "thinking_default_too_large", opts: Options{Model: testClaude, DefaultThinkingBudget: math.MaxInt},
			dropped: []string{"thinking"}, absent: []string{"thinking", "maxTokens"}},
		{name: "reasoning_effort", opts: Options{Model: testClaude}},
		{name: "thinking_wins", opts: Options{Model: testClaude}},
		{name: "thinking_default", opts: Options{Model: testClaude, DefaultThinkingBudget: 2048}},
		{name: "thinking_default_small_max", opts: Options{Model: testClaude, DefaultThinkingBudget: 2048}, dropped: []string{"thinking"}, absent: []string{"thinking"}},
		{name: "thinking_default_temperature", opts: Options{Model: testClaude, DefaultThinkingBudget: 2048}, dropped: []string{"thinking"}, absent: []string{"thinking"}},
		{name: "thinking_tool_turn", opts: Options{Model: testClaude}, dropped: []string{"reasoning_effort"}, absent: []string{"thinking"}},
		{name: "thinking_default_effort_none", opts: Options{Model: testClaude, DefaultThinkingBudget: 2048}, absent: []string{"thinking", "maxTokens"}},
		{name: "thinking_disabled", opts: Options{Model: testClaude}, absent: []string{"thinking", "additionalModelRequestFields"}},
		{name: "reasoning_effort_unsupported", opts: Options{Model: testLlama}, dropped: []string{"reasoning_effort"}, absent: []string{"thinking", "reasoning"}},
		{name: "thinking_unsupported", opts: Options{Model: testLlama}, dropped: []string{"thinking"}, absent: []string{"thinking"}},
		{name: "additional_fields", opts: Options{Model: testClaude}, absent: []string{"some_null_param"}},
		{name: "top_k_nova", opts: Options{Model: testNova}},
		{name: "top_k", opts: Options{Model: testClaude}},
		{name: "converse_passthrough", opts: Options{Model: testClaude}},
		{name: "ignored_fields", opts: Options{Model: testClaude}, absent: []string{
			"stream", "include_usage", "user-1234", "user_continue", "metadata", "store", "parallel", "safety", "prompt_cache",
			"logprobs", "penalty", "seed", "attacker", "api_", "API_", "sk-client", "region", "AKIA", "aws", "AWS",
			"azure", "X-Evil", "extra", "Authorization", "stolen", "openai", "evil", "drop_params", "mocked", "timeout",
			"num_retries", "additionalModelRequestFields", "inferenceConfig",
		}},
		{name: "drop_params", opts: Options{Model: testClaude, DropParams: true}, dropped: []string{
			"n", "logprobs", "top_logprobs", "logit_bias", "presence_penalty", "frequency_penalty", "seed", "audio",
			"modalities", "prediction", "service_tier", "web_search_options", "functions", "function_call", "verbosity",
		}},
		{name: "tool_ids", opts: Options{Model: testClaude}, toolIDs: map[string]string{
			translate.UpstreamToolID("functions.lookup:0"): "functions.lookup:0",
			translate.UpstreamToolID(longCallID):           longCallID,
			"tooluse_Valid-id_01":                          "tooluse_Valid-id_01",
			"tooluse_fromBedrock_new":                      "tooluse_fromBedrock_new",
		}, absent: []string{"functions.lookup:0", longCallID}},
		{name: "synthesized_tool_config", opts: Options{Model: testClaude}, absent: []string{"toolChoice"}},
		{name: "blank_text", opts: Options{Model: testClaude}},
	} {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(requestDir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			req, derr := translate.DecodeChatRequest(in)
			if derr != nil {
				t.Fatalf("%d: decode: %v", i, derr)
			}
			body, st, cerr := Request(req, &tc.opts)
			if cerr != nil {
				t.Fatalf("%d: Request: %s (param %s)", i, cerr.Message, cerr.Param)
			}
			if !json.Valid(body) {
				t.Fatalf("%d: invalid JSON: %s", i, body)
			}
			translatetest.CompareJSON(t, filepath.Join(requestDir, tc.name+".golden.json"), body)

			// The same request translates to the same bytes: history replayed
			// in a later turn must look the same to Bedrock (cache hits, ids).
			again, _, _ := Request(req, &tc.opts)
			if !bytes.Equal(body, again) {
				t.Errorf("%d: second translation differs", i)
			}
			if st.Model != req.Model || st.IncludeUsage != req.IncludeUsage {
				t.Errorf("%d: state model=%q include_usage=%v", i, st.Model, st.IncludeUsage)
			}
			if !slices.Equal(st.Dropped, tc.dropped) {
				t.Errorf("%d: dropped %q, want %q", i, st.Dropped, tc.dropped)
			}
			if st.JSONTool != tc.jsonTool {
				t.Errorf("%d: JSONTool %q, want %q", i, st.JSONTool, tc.jsonTool)
			}
			for bedrockID, clientID := range tc.toolIDs {
				if got := st.ClientToolID(bedrockID); got != clientID {
					t.Errorf("%d: ClientToolID(%q) = %q, want %q", i, bedrockID, got, clientID)
				}
			}
			for _, s := range tc.absent {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("%d: body contains %q: %s", i, s, body)
				}
			}
		})
	}

	// Every request in testdata has a case, so none is silently skipped.
	translatetest.CheckCovered(t, requestDir, covered)
}

func TestRequestErrors(t *testing.T) {
	const user = `"messages":[{"role":"user","content":"Hi"}]`
	for i, tc := range []struct {
		body   string
		opts   Options
		param  string
		status int    // 400 unless set
		msg    string // substring of the message
		code   string
	}{
		// Media.
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://images.example/cat.png"}}]}]}`,
			param: "messages[0].content[0].image_url.url", msg: "remote image URLs are disabled on this model; send the image as a base64 data URL, or set allow_remote_images"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://images.example/dog.png"}}]}]}`,
			opts: Options{FetchImage: fakeFetchImage}, param: "messages[0].content[0].image_url.url", msg: "could not fetch the image: GET https://images.example/dog.png: 404"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://images.example/huge.png"}}]}]}`,
			opts: Options{FetchImage: fakeFetchImage}, status: http.StatusRequestEntityTooLarge, msg: "larger than 5 MB"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://images.example/a.png"}}]}]}`,
			param: "messages[0].content[0].image_url.url", msg: "must be a base64 data URL"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}`,
			param: "messages[0].content[0].image_url.url", msg: "is required"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,rawbytes"}}]}]}`,
			param: "messages[0].content[0].image_url", msg: "malformed data URL"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,not base64!"}}]}]}`,
			param: "messages[0].content[0].image_url", msg: "not valid base64"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo"}}]}]}`,
			param: "messages[0].content[0].image_url", msg: "not valid base64"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0="}}]}]}`,
			param: "messages[0].content[0].image_url", msg: `unsupported media type "image/bmp"`},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc123"}}]}]}`,
			param: "messages[0].content[0].file.file_id", msg: "no files API"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"file"}]}]}`,
			param: "messages[0].content[0].file", msg: "is required"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"JVBERi0xLjQK"}}]}]}`,
			param: "messages[0].content[0].file", msg: "unknown media type"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}]}]}`,
			param: "messages[0].content[1].type", msg: `unsupported content part type "input_audio"`},
		{body: `{"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},{"role":"user","content":"Hi"}]}`,
			param: "messages[0].content[0].type", msg: "system messages may contain only text parts"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":[{"type":"refusal","refusal":"no"}]}]}`,
			param: "messages[1].content[0].type", msg: `unsupported content part type "refusal"`},

		// Messages.
		{body: `{"model":"m","messages":[{"role":"user","content":"  "},{"role":"assistant","content":[{"type":"text","text":""}]}]}`,
			param: "messages", msg: "messages contain no content"},
		{body: `{"model":"m","messages":[{"role":"system","content":"You are helpful."}]}`,
			param: "messages", msg: "messages contain no content"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}`,
			param: "messages[1].tool_calls[0].function.arguments", msg: "must be a JSON object"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}]}`,
			param: "messages[1].tool_calls[0].function.arguments", msg: "must be a JSON object"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y","thinking_blocks":[{"type":"summary","thinking":"t"}]}]}`,
			opts: Options{Model: testClaude}, param: "messages[1].thinking_blocks[0].type", msg: `unsupported thinking block type "summary"`},

		// Thinking.
		{body: `{"model":"m",` + user + `,"reasoning_effort":"extreme"}`,
			opts: Options{Model: testClaude}, param: "reasoning_effort", msg: `"extreme"`},
		{body: `{"model":"m",` + user + `,"reasoning_effort":"extreme","thinking":{"type":"enabled","budget_tokens":2048}}`,
			opts: Options{Model: testClaude}, param: "reasoning_effort", msg: `"extreme"`},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled","budget_tokens":500}}`,
			opts: Options{Model: testClaude}, param: "thinking.budget_tokens", msg: "expected an integer between 1024 and 100000000, got 500"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled"}}`,
			opts: Options{Model: testClaude}, param: "thinking.budget_tokens", msg: "between 1024 and 100000000, got 0"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled","budget_tokens":2048},"max_tokens":2048}`,
			opts: Options{Model: testClaude}, param: "max_tokens", msg: "'max_tokens' (2048) must be greater than the thinking budget (2048)"},
		{body: `{"model":"m",` + user + `,"reasoning_effort":"high","max_tokens":9000,"max_completion_tokens":1000}`,
			opts: Options{Model: testClaude}, param: "max_completion_tokens", msg: "must be greater than the thinking budget (4096)"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"auto"}}`,
			opts: Options{Model: testClaude}, param: "thinking.type", msg: `"auto"`},
		{body: `{"model":"m",` + user + `,"reasoning_effort":"low","temperature":0.7}`,
			opts: Options{Model: testClaude}, param: "temperature", msg: "temperature may only be 1"},
		{body: `{"model":"m",` + user + `,"thinking":{"type":"enabled","budget_tokens":2048},"top_p":0.5}`,
			opts: Options{Model: testClaude}, param: "top_p", msg: "between 0.95 and 1"},
		{body: `{"model":"m",` + user + `,"reasoning_effort":"medium","top_k":5}`,
			opts: Options{Model: testClaude}, param: "top_k", msg: "does not allow top_k"},
		{body: `{"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Sure:"}],"reasoning_effort":"low"}`,
			opts: Options{Model: testClaude}, param: "messages", msg: "prefill"},

		// Tools and response_format.
		{body: `{"model":"m",` + user + `,"tools":[{"type":"custom","custom":{"name":"x"}}]}`,
			param: "tools[0].type", msg: `unsupported tool type "custom"`},
		{body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"get weather"}}]}`,
			param: "tools[0].function.name", msg: `"get weather" must be 1 to 64 letters`},
		{body: `{"model":"m",` + user + `,"tools":[{"type":"function","function":{"name":"ok"}},{"type":"function","function":{"name":"f","parameters":["x"]}}]}`,
			param: "tools[1].function.parameters", msg: "must be a JSON schema object"},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"xml"}}`,
			param: "response_format.type", msg: `"xml"`},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"json_schema"}}`,
			param: "response_format.json_schema", msg: "is required"},
		{body: `{"model":"m",` + user + `,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":true}}}`,
			param: "response_format.json_schema.schema", msg: "must be a JSON object"},

		// Integers Converse takes in a narrower range than OpenAI.
		{body: `{"model":"m",` + user + `,"max_tokens":0}`, param: "max_tokens", msg: "invalid value for 'max_tokens': expected an integer between 1 and 100000000, got 0"},
		{body: `{"model":"m",` + user + `,"max_tokens":5,"max_completion_tokens":0}`, param: "max_completion_tokens", msg: "between 1 and 100000000, got 0"},
		{body: `{"model":"m",` + user + `,"top_k":-1}`, param: "top_k", msg: "invalid value for 'top_k': expected an integer between 0 and 1000000, got -1"},
		{body: `{"model":"m",` + user + `,"top_k":1000001}`, param: "top_k", msg: "between 0 and 1000000"},
		{body: `{"model":"m",` + user + `,"top_k":9223372036854775807}`, opts: Options{Model: testNova}, param: "top_k", msg: "between 0 and 1000000"},
		{body: `{"model":"m",` + user + `,"top_k":4.5}`, param: "top_k", msg: "expected an integer, got 4.5"},
		{body: `{"model":"m",` + user + `,"top_k":"5"}`, param: "top_k", msg: "expected an integer, got string"},
		{body: `{"model":"m",` + user + `,"top_k":5,"reasoning_effort":"low","max_tokens":0}`, param: "max_tokens", msg: "between 1 and"},

		// Top-level members.
		{body: `{"model":"m",` + user + `,"guardrailConfig":"gr-1"}`, param: "guardrailConfig", msg: "must be an object"},
		{body: `{"model":"m",` + user + `,"n":2}`, param: "n", code: "unsupported_parameter", msg: "parameter 'n' is not supported by Bedrock Converse; remove it from the request, or set drop_params"},
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
		{body: `{"model":"m",` + user + `,"temperature":1,"seed":1,"n":2}`, param: "seed", code: "unsupported_parameter"}, // the first one
	} {
		req, derr := translate.DecodeChatRequest([]byte(tc.body))
		if derr != nil {
			t.Fatalf("%d: decode: %v", i, derr)
		}
		opts := tc.opts
		if opts.Model == (bedrockruntime.Model{}) {
			opts.Model = testClaude
		}
		body, st, err := Request(req, &opts)
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

func BenchmarkRequest(b *testing.B) {
	body := translatetest.ChatBody(b)
	req, derr := translate.DecodeChatRequest(body)
	if derr != nil {
		b.Fatal(derr)
	}
	opts := &Options{Model: testClaude}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Request(req, opts); err != nil {
			b.Fatal(err)
		}
	}
}
