package translate

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

func TestDecodeChatRequest(t *testing.T) {
	intp := func(n int) *int { return &n }
	for i, tc := range []struct {
		body  string
		check func(*ChatRequest) string // "" when the request is as expected
	}{
		{
			body: `{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}`,
			check: func(r *ChatRequest) string {
				if r.Model != "gpt-4o" || len(r.Messages) != 1 || r.Messages[0].Content.Text != "Hi" || r.Messages[0].Content.IsParts {
					return "minimal request"
				}
				if len(r.Members) != 2 || r.Members[0].Key != "model" || string(r.Members[1].Value) != `[{"role":"user","content":"Hi"}]` {
					return fmt.Sprintf("members %+v", r.Members)
				}
				return ""
			},
		},
		{
			// Every role and content shape at once.
			body: `{"model":"m","messages":[
				{"role":"system","content":"s"},
				{"role":"developer","content":[{"type":"text","text":"d","cache_control":{"type":"ephemeral"}}]},
				{"role":"user","name":"ann","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":"https://x.example/a.png"},
					{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low","format":"image/png"}},
					{"type":"file","file":{"file_data":"data:application/pdf;base64,AAAA","filename":"a.pdf"}}]},
				{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}],
					"thinking_blocks":[{"type":"thinking","thinking":"t","signature":"s"},{"type":"redacted_thinking","data":"d"}]},
				{"role":"tool","tool_call_id":"c1","content":"ok"},
				{"role":"assistant","content":"done","cache_control":{"type":"ephemeral","ttl":"5m"}}]}`,
			check: func(r *ChatRequest) string {
				m := r.Messages
				if len(m) != 6 || m[0].Role != "system" || !m[1].Content.IsParts || m[1].Content.Parts[0].CacheControl == nil {
					return "system/developer"
				}
				p := m[2].Content.Parts
				if m[2].Name != "ann" || p[1].ImageURL.URL != "https://x.example/a.png" || p[2].ImageURL.Detail != "low" || p[2].ImageURL.Format != "image/png" || p[3].File.Filename != "a.pdf" {
					return fmt.Sprintf("user parts %+v", p)
				}
				if m[3].Content.IsParts || m[3].Content.Text != "" || m[3].ToolCalls[0].Function.Name != "f" || m[3].ThinkingBlocks[1].Data != "d" {
					return "assistant"
				}
				if m[4].ToolCallID != "c1" || m[5].CacheControl.TTL != "5m" {
					return "tool / cache_control"
				}
				return ""
			},
		},
		{
			body: `{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true},
				"max_tokens":10,"max_completion_tokens":20,"temperature":0.5,"top_p":1,"stop":"END","reasoning_effort":"low",
				"thinking":{"type":"enabled","budget_tokens":2048},"response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object"}}},
				"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}},"cache_control":{"type":"ephemeral"}}],
				"tool_choice":{"type":"function","function":{"name":"f"}}}`,
			check: func(r *ChatRequest) string {
				switch {
				case !r.Stream || !r.IncludeUsage:
					return "stream"
				case *r.MaxTokens != 10 || *r.MaxCompletionTokens != 20 || *r.MaxOutputTokens() != 20:
					return "max tokens"
				case *r.Temperature != 0.5 || *r.TopP != 1:
					return "sampling"
				case len(r.Stop) != 1 || r.Stop[0] != "END":
					return "stop"
				case r.ReasoningEffort != "low" || r.Thinking.BudgetTokens != 2048:
					return "thinking"
				case r.ResponseFormat.JSONSchema.Name != "n" || string(r.ResponseFormat.JSONSchema.Schema) != `{"type":"object"}`:
					return "response_format"
				case r.Tools[0].Function.Name != "f" || r.Tools[0].CacheControl == nil:
					return "tools"
				case *r.ToolChoice != ToolChoice{Mode: "function", Function: "f"}:
					return "tool_choice"
				}
				return ""
			},
		},
		{
			// null means unset for every optional member.
			body: `{"model":"m","messages":[{"role":"user","content":"x"}],"stream":null,"stream_options":null,"max_tokens":null,
				"temperature":null,"top_p":null,"stop":null,"tools":null,"tool_choice":null,"response_format":null,"thinking":null,"reasoning_effort":null}`,
			check: func(r *ChatRequest) string {
				if r.Stream || r.MaxTokens != nil || r.Temperature != nil || r.TopP != nil || r.Stop != nil || r.Tools != nil ||
					r.ToolChoice != nil || r.ResponseFormat != nil || r.Thinking != nil || r.ReasoningEffort != "" || r.MaxOutputTokens() != nil {
					return "nulls"
				}
				return ""
			},
		},
		{
			body: `{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a","b"],"tool_choice":"required","max_tokens":0}`,
			check: func(r *ChatRequest) string {
				if len(r.Stop) != 2 || r.ToolChoice.Mode != "required" || *r.MaxTokens != *intp(0) {
					return "stop list / tool_choice mode"
				}
				return ""
			},
		},
		{
			// Unknown members are kept, in order, aliasing the body.
			body: `{"top_k":5,"model":"m","messages":[{"role":"user","content":"x"}],"x-custom":{"a":[1,2]},"\u0061pi_base":"u"}`,
			check: func(r *ChatRequest) string {
				if string(r.Member("top_k")) != "5" || string(r.Member("x-custom")) != `{"a":[1,2]}` || string(r.Member("api_base")) != `"u"` || r.Member("nope") != nil {
					return fmt.Sprintf("members %+v", r.Members)
				}
				if r.Members[0].Key != "top_k" || r.Members[4].Key != "api_base" {
					return "member order"
				}
				return ""
			},
		},
	} {
		req, err := DecodeChatRequest([]byte(tc.body))
		if err != nil {
			t.Errorf("%d: %v (param %s)", i, err, err.Param)
			continue
		}
		if what := tc.check(req); what != "" {
			t.Errorf("%d: unexpected %s", i, what)
		}
	}
}

func TestDecodeChatRequestErrors(t *testing.T) {
	const msgs = `"messages":[{"role":"user","content":"x"}]`
	for i, tc := range []struct {
		body  string
		param string
		msg   string // substring
		code  string
	}{
		{body: ``, msg: "not valid JSON", code: "invalid_json"},
		{body: `{"model":"m",`, msg: "request body is not valid JSON (syntax error at byte offset 13)", code: "invalid_json"},
		{body: `{"model":"m",` + msgs + `,"x":` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + `}`,
			msg: "request body is nested too deeply: objects and arrays may be nested at most 10000 levels", code: "invalid_json"},
		{body: `{"model":"m"} {}`, msg: "not valid JSON", code: "invalid_json"},
		{body: `[{"model":"m"}]`, msg: "must be a JSON object", code: "invalid_json"},
		{body: `"model"`, msg: "must be a JSON object", code: "invalid_json"},
		{body: `null`, msg: "must be a JSON object", code: "invalid_json"},
		{body: `{` + msgs + `}`, param: "model", msg: "you must provide a model parameter"},
		{body: `{"model":null,` + msgs + `}`, param: "model", msg: "'model' must not be empty"},
		{body: `{"model":"",` + msgs + `}`, param: "model", msg: "'model' must not be empty"},
		{body: `{"model":4,` + msgs + `}`, param: "model", msg: "expected string, got number"},
		{body: `{"model":["a"],` + msgs + `}`, param: "model", msg: "expected string, got array"},
		{body: `{"model":"m"}`, param: "messages", msg: "'messages' is a required property"},
		{body: `{"model":"m","messages":null}`, param: "messages", msg: "'messages' is a required property"},
		{body: `{"model":"m","messages":[]}`, param: "messages", msg: "at least one message"},
		{body: `{"model":"m","messages":"hi"}`, param: "messages", msg: "expected array, got string"},
		{body: `{"model":"m","messages":[{"role":"user","content":5}]}`, param: "messages[0].content", msg: "content must be a string or an array"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":5}]}]}`, param: "messages[0].content[0].text", msg: "expected string, got number"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":7}]}]}`, param: "messages[0].content[0].image_url", msg: "expected object or string"},
		{body: `{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":[]}}]}]}`, param: "messages[0].content[0].file.file_data", msg: "expected string, got array"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":{}}]}`, param: "messages[1].tool_calls", msg: "expected array"},
		{body: `{"model":"m","messages":["hi"]}`, param: "messages[0]", msg: "expected object, got string"},
		{body: `{"model":"a","model":"b",` + msgs + `}`, param: "model", msg: `duplicate key "model"`},
		{body: `{"model":"a",` + msgs + `,"\u006dodel":"b"}`, param: "model", msg: `duplicate key "model"`},
		{body: `{"model":"a",` + msgs + `,"mo\/del":"x","mo/del":"y"}`, param: "mo/del", msg: "duplicate key"},
		{body: `{"model":"a",` + msgs + `,"\ufffd":1,"\uFFFD":2}`, param: "\ufffd", msg: "duplicate key"},

		// Invalid UTF-8 is refused wherever it is, naming the member and the offset.
		{body: "{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\xe9\"}]}", param: "messages", code: "invalid_json",
			msg: "request body is not valid UTF-8: invalid byte sequence in 'messages' at byte offset 54"},
		{body: "{\"model\":\"gpt\xc0\xaf\"," + msgs + "}", param: "model", code: "invalid_json", msg: "in 'model' at byte offset 13"},
		{body: "{\"model\":\"a\"," + msgs + ",\"stop\":[\"ok\",\"\xed\xa0\x80\"]}", param: "stop", code: "invalid_json", msg: "in 'stop' at byte offset"},
		{body: "{\"model\":\"a\"," + msgs + ",\"user\":\"\xe2\x82\"}", param: "user", code: "invalid_json", msg: "in 'user' at byte offset"},
		{body: "{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"cont\xffent\":\"x\"}]}", param: "messages", code: "invalid_json", msg: "in 'messages' at byte offset 45"},
		{body: "{\"model\":\"a\"," + msgs + ",\"\xff\":1}", code: "invalid_json", msg: "in a top-level key at byte offset 57"},
		{body: `{"model":"m","messages":[{"role":"robot","content":"x"}]}`, param: "messages[0].role", msg: `unsupported role "robot"`},
		{body: `{"model":"m","messages":[{"content":"x"}]}`, param: "messages[0].role", msg: "missing role"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","content":"r"}]}`, param: "messages[1].tool_call_id", msg: "needs a tool_call_id"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x","tool_calls":[{"id":"c","function":{"name":"f"}}]}]}`, param: "messages[0].tool_calls", msg: "only assistant messages"},
		{body: `{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"function":{"name":"f"}}]}]}`, param: "messages[1].tool_calls[0]", msg: "id and function.name are required"},
		{body: `{"model":"m",` + msgs + `,"tool_choice":"sometimes"}`, param: "tool_choice", msg: `must be "auto", "none", "required"`},
		{body: `{"model":"m",` + msgs + `,"tool_choice":{"type":"function"}}`, param: "tool_choice", msg: "tool_choice object must be"},
		{body: `{"model":"m",` + msgs + `,"tool_choice":5}`, param: "tool_choice", msg: "invalid value for 'tool_choice'"},
		{body: `{"model":"m",` + msgs + `,"max_tokens":"10"}`, param: "max_tokens", msg: "invalid value for 'max_tokens': expected an integer, got string"},
		{body: `{"model":"m",` + msgs + `,"max_tokens":-1}`, param: "max_tokens", msg: "expected an integer between 0 and 100000000, got -1"},
		{body: `{"model":"m",` + msgs + `,"max_tokens":1e3}`, param: "max_tokens", msg: "invalid value for 'max_tokens': expected an integer, got 1e3"},
		{body: `{"model":"m",` + msgs + `,"max_completion_tokens":1.5}`, param: "max_completion_tokens", msg: "expected an integer, got 1.5"},
		{body: `{"model":"m",` + msgs + `,"temperature":"hot"}`, param: "temperature", msg: "expected number, got string"},
		{body: `{"model":"m",` + msgs + `,"temperature":1e400}`, param: "temperature", msg: "invalid value for 'temperature': 1e400 is out of range"},
		{body: `{"model":"m",` + msgs + `,"top_p":[1]}`, param: "top_p", msg: "expected number, got array"},
		{body: `{"model":"m",` + msgs + `,"stream":"yes"}`, param: "stream", msg: "expected boolean, got string"},
		{body: `{"model":"m",` + msgs + `,"stream_options":{"include_usage":1}}`, param: "stream_options", msg: "expected boolean"},
		{body: `{"model":"m",` + msgs + `,"stop":5}`, param: "stop", msg: "invalid value for 'stop'"},
		{body: `{"model":"m",` + msgs + `,"tools":{}}`, param: "tools", msg: "expected array, got object"},
		{body: `{"model":"m",` + msgs + `,"response_format":"json"}`, param: "response_format", msg: "invalid value for 'response_format'"},
		{body: `{"model":"m",` + msgs + `,"thinking":true}`, param: "thinking", msg: "invalid value for 'thinking': expected object, got boolean"},
		{body: `{"model":"m",` + msgs + `,"thinking":{"type":1}}`, param: "thinking.type", msg: "expected string, got number"},
		{body: `{"model":"m",` + msgs + `,"thinking":{"type":"enabled","budget_tokens":"2048"}}`, param: "thinking.budget_tokens", msg: "expected an integer, got string"},
		{body: `{"model":"m",` + msgs + `,"reasoning_effort":1}`, param: "reasoning_effort", msg: "expected string, got number"},
	} {
		req, err := DecodeChatRequest([]byte(tc.body))
		if err == nil {
			t.Errorf("%d: accepted %+v", i, req)
			continue
		}
		if err.Status != http.StatusBadRequest || err.Type != ErrInvalidRequest || err.Param != tc.param || err.Code != tc.code || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: got %d %s param=%q code=%q %q\nwant param=%q code=%q containing %q",
				i, err.Status, err.Type, err.Param, err.Code, err.Message, tc.param, tc.code, tc.msg)
		}
	}
}

func TestSplitObject(t *testing.T) {
	many := func(n int, dupAt int) string {
		var b strings.Builder
		b.WriteByte('{')
		for k := 0; k < n; k++ {
			if k > 0 {
				b.WriteByte(',')
			}
			key := k
			if k == dupAt {
				key = 1
			}
			fmt.Fprintf(&b, `"k%d":%d`, key, k)
		}
		b.WriteByte('}')
		return b.String()
	}
	for i, tc := range []struct {
		body string
		want []string // key=value pairs; nil when an error is expected
	}{
		{body: `{}`, want: []string{}},
		{body: " \t\r\n{ \n} \n", want: []string{}},
		{body: ` { "a" : 1 , "b":"x" ,"c" :null}  `, want: []string{`a=1`, `b="x"`, `c=null`}},
		{body: `{"a":"}{\"]","b":{"c":"}","d":["]",{"e":"\\"}]},"f":[[],{}]}`, want: []string{`a="}{\"]"`, `b={"c":"}","d":["]",{"e":"\\"}]}`, `f=[[],{}]`}},
		{body: `{"a\"b":true,"c\\":false,"\u00e9":-0.5e+10,"":0}`, want: []string{`a"b=true`, `c\=false`, `é=-0.5e+10`, `=0`}},
		{body: `{"x":"\ud83d\ude00 \u0000","y":[1,[2,[3]]]}`, want: []string{`x="\ud83d\ude00 \u0000"`, `y=[1,[2,[3]]]`}},
		{body: many(40, -1), want: func() []string {
			var s []string
			for k := 0; k < 40; k++ {
				s = append(s, fmt.Sprintf("k%d=%d", k, k))
			}
			return s
		}()},
		{body: many(40, 35)}, // a duplicate found by the map, past the linear scan
		{body: many(10, 7)},  // and by the linear scan
		// Escapes are not raw bytes: a lone surrogate is valid JSON and
		// decodes to U+FFFD everywhere; raw invalid UTF-8 is refused on
		// every route, embeddings and images included.
		{body: `{"x":"\ud800"}`, want: []string{`x="\ud800"`}},
		{body: "{\"model\":\"e\",\"input\":\"caf\xe9\"}"},
		{body: `{"a":1,"a":1}`},
		{body: `{"a":1`},
		{body: `{"a":1}x`},
		{body: `["a"]`},
		{body: `   `},
	} {
		members, err := SplitObject([]byte(tc.body))
		if tc.want == nil {
			if err == nil {
				t.Errorf("%d: accepted %q", i, tc.body)
			}
			continue
		}
		if err != nil {
			t.Errorf("%d: %v", i, err)
			continue
		}
		got := make([]string, len(members))
		for k, m := range members {
			got[k] = m.Key + "=" + string(m.Value)
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%d: got %q, want %q", i, got, tc.want)
		}
		for _, m := range members {
			if cap(m.Value) != len(m.Value) {
				t.Errorf("%d: member %q can be appended into the body", i, m.Key)
			}
		}
	}
}

func BenchmarkDecodeChatRequest(b *testing.B) {
	body := translatetest.ChatBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeChatRequest(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseChatRequest(b *testing.B) {
	body := translatetest.ChatBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseChatRequest(body); err != nil {
			b.Fatal(err)
		}
	}
}
