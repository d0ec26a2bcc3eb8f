package translate_test

// What ParseChatRequest decides holds on every route: a request it
// accepts, each upstream's translation accepts or refuses for that
// upstream's own reasons, never for the parsing's.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
)

var (
	azureO3    = azure.Options{Kind: azure.OpenAI, Deployment: "o3", Reasoning: true}
	testClaude = bedrockruntime.LookupModel("us.anthropic.claude-sonnet-4-20250514-v1:0")
	testLlama  = bedrockruntime.LookupModel("meta.llama3-1-70b-instruct-v1:0")
)

// TestIntegerRanges: ParseChatRequest, which every route runs, refuses
// integers outside their range with a 400 naming the parameter and the
// range, and accepts the ends of each range.
func TestIntegerRanges(t *testing.T) {
	const msgs = `"model":"m","messages":[{"role":"user","content":"x"}]`
	long := strings.Repeat("9", 1000)
	for i, tc := range []struct {
		member string
		param  string // "" when the request is accepted
		msg    string // substring
	}{
		{member: `"max_tokens":0`},
		{member: `"max_tokens":100000000`},
		{member: `"max_tokens":-0`},
		{member: `"max_tokens":null`},
		{member: `"max_tokens":100000001`, param: "max_tokens", msg: "invalid value for 'max_tokens': expected an integer between 0 and 100000000, got 100000001"},
		{member: `"max_tokens":9223372036854775807`, param: "max_tokens", msg: "between 0 and 100000000, got 9223372036854775807"},
		{member: `"max_tokens":9223372036854775808`, param: "max_tokens", msg: "between 0 and 100000000"},
		{member: `"max_tokens":-9223372036854775809`, param: "max_tokens", msg: "between 0 and 100000000"},
		{member: `"max_tokens":` + long, param: "max_tokens", msg: "got " + long[:32] + "…"},
		{member: `"max_tokens":10.0`, param: "max_tokens", msg: "expected an integer, got 10.0"},
		{member: `"max_tokens":1E3`, param: "max_tokens", msg: "expected an integer, got 1E3"},
		{member: `"max_tokens":true`, param: "max_tokens", msg: "expected an integer, got boolean"},
		{member: `"max_tokens":[1]`, param: "max_tokens", msg: "expected an integer, got array"},
		{member: `"max_completion_tokens":100000000`},
		{member: `"max_completion_tokens":18446744073709551616`, param: "max_completion_tokens", msg: "between 0 and 100000000"},
		{member: `"thinking":{"type":"enabled","budget_tokens":100000000}`},
		{member: `"thinking":{"type":"enabled","budget_tokens":null}`},
		{member: `"thinking":{"type":"enabled","budget_tokens":9223372036854775000}`, param: "thinking.budget_tokens",
			msg: "invalid value for 'thinking.budget_tokens': expected an integer between 0 and 100000000, got 9223372036854775000"},
		{member: `"thinking":{"type":"enabled","budget_tokens":-2048}`, param: "thinking.budget_tokens", msg: "between 0 and 100000000, got -2048"},
		{member: `"thinking":{"type":"disabled","budget_tokens":2.5e3}`, param: "thinking.budget_tokens", msg: "expected an integer, got 2.5e3"},
		{member: `"n":1`},
		{member: `"n":128`},
		{member: `"n":0`, param: "n", msg: "invalid value for 'n': expected an integer between 1 and 128, got 0"},
		{member: `"n":129`, param: "n", msg: "between 1 and 128, got 129"},
		{member: `"n":1.0`, param: "n", msg: "expected an integer, got 1.0"},
		{member: `"n":"2"`, param: "n", msg: "expected an integer, got string"},
		{member: `"top_logprobs":0`},
		{member: `"top_logprobs":20`},
		{member: `"top_logprobs":21`, param: "top_logprobs", msg: "invalid value for 'top_logprobs': expected an integer between 0 and 20, got 21"},
		{member: `"top_logprobs":-1`, param: "top_logprobs", msg: "between 0 and 20, got -1"},
		// top_k is no OpenAI parameter: pass-through routes forward it to
		// the model as it is (Bedrock checks it in converse.Request).
		{member: `"top_k":-1`},
	} {
		req, err := translate.ParseChatRequest([]byte(`{` + msgs + `,` + tc.member + `}`))
		if tc.param == "" {
			if err != nil {
				t.Errorf("%d: %s refused: %v", i, tc.member, err)
			} else if _, _, aerr := azure.Request(req, &azureO3); aerr != nil {
				t.Errorf("%d: %s refused by azure.Request: %v", i, tc.member, aerr)
			}
			continue
		}
		if err == nil {
			t.Errorf("%d: %s accepted", i, tc.member)
			continue
		}
		if err.Status != http.StatusBadRequest || err.Type != translate.ErrInvalidRequest || err.Param != tc.param || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: got %d %s param=%q %q\nwant param=%q containing %q", i, err.Status, err.Type, err.Param, err.Message, tc.param, tc.msg)
		}
	}
}

// TestParseChatRequestLeavesContentAlone: pass-through providers get what
// OpenAI accepts even where translation would refuse it, and the refusal
// comes only when content is decoded for translation.
func TestParseChatRequestLeavesContentAlone(t *testing.T) {
	body := `{"model":"m","messages":[{"role":"user","content":"hi"},
		{"role":"assistant","tool_calls":[{"id":"c1","type":"custom","custom":{"name":"grep","input":"x"}}]},
		{"role":"function","name":"f","content":"r"}],
		"tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[]}}}`
	req, err := translate.ParseChatRequest([]byte(body))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if req.Messages != nil || req.ToolChoice != nil {
		t.Errorf("content decoded by ParseChatRequest: %+v", req)
	}
	out, _, aerr := azure.Request(req, &azure.Options{Kind: azure.OpenAI, Deployment: "gpt-4o"})
	if aerr != nil || !bytes.Contains(out, []byte(`"allowed_tools"`)) || !bytes.Contains(out, []byte(`"role":"function"`)) {
		t.Errorf("azure.Request: %v %s", aerr, out)
	}
	if _, _, cerr := converse.Request(req, &converse.Options{Model: testClaude}); cerr == nil || cerr.Status != http.StatusBadRequest {
		t.Errorf("converse.Request accepted what Converse cannot take: %v", cerr)
	}
}

// FuzzDecodeChatRequest checks that decoding never panics, that what it
// accepts splits into the members encoding/json sees (same keys, same
// bytes), and that an accepted request translates to Converse without
// panicking, into valid JSON or a 400.
func FuzzDecodeChatRequest(f *testing.F) {
	for _, s := range []string{
		`{"model":"m","messages":[{"role":"user","content":"Hi"}]}`,
		`{"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"t","cache_control":{"type":"ephemeral"}},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"max_tokens":100,"temperature":0.1,"stop":["x"]}`,
		`{"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[{"id":"a.b:0","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},{"role":"tool","tool_call_id":"a.b:0","content":"r"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"tool_choice":"required"}`,
		`{"model":"m","messages":[{"role":"user","content":"q"}],"thinking":{"type":"enabled","budget_tokens":2048},"response_format":{"type":"json_object"},"top_k":3,"api_base":"x","n":2}`,
		`{"model":"m","messages":[{"role":"assistant","content":"p","thinking_blocks":[{"type":"redacted_thinking","data":"d"}]}],"reasoning_effort":"high","max_completion_tokens":9000}`,
		`{"model":"a","\u006dodel":"b","messages":[]}`,
		"{\"\xff\":1,\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xfe\"}]}",
		`{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0=","filename":"a b.pdf"}}]}],"guardrailConfig":{"guardrailIdentifier":"g"}}`,
		` {"a":{"b":[{"c":"}"}]},"model":"m","messages":[{"role":"user","content":""}]} `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := translate.DecodeChatRequest(body)
		if err != nil {
			if err.Status != http.StatusBadRequest {
				t.Fatalf("status %d: %v", err.Status, err)
			}
			return
		}
		// Outside strings valid JSON is ASCII, and strings must be UTF-8.
		if !utf8.Valid(body) {
			t.Fatalf("accepted a body that is not UTF-8")
		}
		var m map[string]json.RawMessage
		if uerr := json.Unmarshal(body, &m); uerr != nil {
			t.Fatalf("accepted a body encoding/json refuses: %v", uerr)
		}
		members, serr := translate.SplitObject(body)
		if serr != nil {
			t.Fatalf("re-split failed: %v", serr)
		}
		if len(members) != len(m) {
			t.Fatalf("%d members, encoding/json sees %d", len(members), len(m))
		}
		for _, mem := range members {
			v, ok := m[mem.Key]
			if !ok {
				t.Fatalf("member %q unknown to encoding/json", mem.Key)
			}
			if !bytes.Equal(v, mem.Value) {
				t.Fatalf("member %q is %s, encoding/json says %s", mem.Key, mem.Value, v)
			}
		}
		for _, opts := range []converse.Options{
			{Model: testClaude, UserContinueMessage: "continue"},
			{Model: testLlama, DropParams: true},
		} {
			out, _, cerr := converse.Request(req, &opts)
			switch {
			case cerr != nil && cerr.Status != http.StatusBadRequest:
				t.Fatalf("translation: status %d: %v", cerr.Status, cerr)
			case cerr == nil && !json.Valid(out):
				t.Fatalf("translation is not JSON: %s", out)
			}
		}
	})
}
