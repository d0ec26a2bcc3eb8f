package converse

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

const (
	respTestID      = "chatcmpl-3f9a1c2e7b5d4e8f9a0b1c2d"
	respTestCreated = 1767225600
)

// TestResponseGolden translates each testdata/response/<name>.json
// and compares the result byte for byte with <name>.golden.json.
func TestResponseGolden(t *testing.T) {
	mapped := map[string]string{"tooluse_gw0123456789abcdef0123456789abcdef": "functions.get_weather:1"}
	for _, tc := range []struct {
		name      string
		jsonTool  string
		usage     translate.Usage
		toolIDMap map[string]string
	}{
		{name: "text", usage: translate.Usage{PromptTokens: 12, CompletionTokens: 10, TotalTokens: 22}},
		{name: "text_blocks", usage: translate.Usage{PromptTokens: 30, CompletionTokens: 25, TotalTokens: 55}},
		{name: "tool_calls", toolIDMap: mapped, usage: translate.Usage{PromptTokens: 415, CompletionTokens: 133, TotalTokens: 548}},
		{name: "tool_only", usage: translate.Usage{PromptTokens: 200, CompletionTokens: 40, TotalTokens: 240}},
		{name: "reasoning", usage: translate.Usage{PromptTokens: 3209, CompletionTokens: 182, TotalTokens: 3391, CachedTokens: 3000, CacheWriteTokens: 200}},
		{name: "json_mode", jsonTool: "json_tool_call", usage: translate.Usage{PromptTokens: 88, CompletionTokens: 31, TotalTokens: 119}},
		{name: "json_mode_with_tool", jsonTool: "json_tool_call", usage: translate.Usage{PromptTokens: 88, CompletionTokens: 31, TotalTokens: 119}},
		{name: "max_tokens_tool", usage: translate.Usage{PromptTokens: 50, CompletionTokens: 64, TotalTokens: 114}},
		{name: "guardrail", usage: translate.Usage{PromptTokens: 21, TotalTokens: 21}},
		{name: "empty", usage: translate.Usage{PromptTokens: 5, TotalTokens: 5}},
		{name: "reasoning_cut", usage: translate.Usage{PromptTokens: 40, CompletionTokens: 1024, TotalTokens: 1064}},
		{name: "unknown_stop"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "response", tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := &State{Model: "claude-sonnet", JSONTool: tc.jsonTool, toolIDs: tc.toolIDMap}
			prefix := []byte("kept:")
			got, usage, e := Response(prefix, body, st, respTestID, respTestCreated)
			if e != nil {
				t.Fatalf("error: %v", e)
			}
			if !bytes.HasPrefix(got, prefix) {
				t.Fatalf("dst not appended to: %q", got)
			}
			got = got[len(prefix):]
			if !json.Valid(got) {
				t.Fatalf("invalid JSON: %s", got)
			}
			if usage != tc.usage {
				t.Errorf("usage = %+v, want %+v", usage, tc.usage)
			}
			checkCompletionShape(t, got)
			translatetest.Compare(t, filepath.Join("testdata", "response", tc.name+".golden.json"), append(got, '\n'))
		})
	}
}

// checkCompletionShape checks the invariants every golden file must keep,
// so that a bad -update cannot bless them.
func checkCompletionShape(t *testing.T, body []byte) {
	t.Helper()
	var c struct {
		Object  string `json:"object"`
		Choices []struct {
			Message struct {
				Content          *string          `json:"content"`
				ReasoningContent *json.RawMessage `json:"reasoning_content"`
				ToolCalls        []struct {
					Function struct {
						Arguments string `json:"arguments"`
					} `json:"function"`
				} `json:"tool_calls"`
			} `json:"message"`
			FinishReason string `json:"finish_reason"`
		} `json:"choices"`
		Usage struct {
			Prompt     int `json:"prompt_tokens"`
			Completion int `json:"completion_tokens"`
			Total      int `json:"total_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	if c.Object != "chat.completion" || len(c.Choices) != 1 {
		t.Fatalf("not a chat.completion with one choice: %s", body)
	}
	m := c.Choices[0].Message
	if m.Content == nil && len(m.ToolCalls) == 0 {
		t.Error("content is null without tool calls")
	}
	if m.ReasoningContent != nil && (*m.ReasoningContent)[0] != '"' {
		t.Errorf("reasoning_content is not a string: %s", *m.ReasoningContent)
	}
	for _, tc := range m.ToolCalls {
		if !json.Valid([]byte(tc.Function.Arguments)) {
			t.Errorf("arguments are not JSON text: %q", tc.Function.Arguments)
		}
	}
	if c.Usage.Prompt+c.Usage.Completion != c.Usage.Total {
		t.Errorf("usage does not add up: %+v", c.Usage)
	}
}

func TestResponseUnreadable(t *testing.T) {
	for _, body := range []string{
		``, `null`, `[]`, `{}`, `{"output":{}}`, `{"output":{"message":null}}`, `not json`,
		`{"output":{"message":{"content":"text"}}}`,
		`{"output":{"message":{"content":[]}},"usage":{"inputTokens":"many"}}`,
		`{"output":{"message":{"content":[]}}`,
	} {
		st := &State{Model: "m"}
		out, usage, e := Response([]byte("x"), []byte(body), st, respTestID, respTestCreated)
		if e == nil {
			t.Errorf("%q: no error, got %s", body, out)
			continue
		}
		if e.Status != http.StatusBadGateway || e.Type != translate.ErrUpstream || e.Message != "Bedrock returned an unreadable response" {
			t.Errorf("%q: got %+v", body, e)
		}
		if e.Kind != translate.FailUnavailable {
			// Bedrock's fault: another deployment may answer, as on InvokeModel.
			t.Errorf("%q: kind %v, want FailUnavailable", body, e.Kind)
		}
		if string(out) != "x" || usage != (translate.Usage{}) {
			t.Errorf("%q: out %q usage %+v, want dst unchanged and no usage", body, out, usage)
		}
	}
}

// TestResponseEdges covers shapes too small for a golden file each.
func TestResponseEdges(t *testing.T) {
	for _, tc := range []struct {
		name, body, jsonTool, want string
	}{
		{
			name: "empty text and a tool: content null",
			body: `{"output":{"message":{"role":"assistant","content":[{"text":""},{"toolUse":{"toolUseId":"t1","name":"f","input":{"a":1}}}]}},"stopReason":"tool_use"}`,
			want: `{"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}`,
		},
		{
			name: "empty reasoning block skipped",
			body: `{"output":{"message":{"role":"assistant","content":[{"reasoningContent":{}},{"text":"hi"}]}},"stopReason":"end_turn"}`,
			want: `{"role":"assistant","content":"hi"}`,
		},
		{
			name: "redacted only: no reasoning_content",
			body: `{"output":{"message":{"role":"assistant","content":[{"reasoningContent":{"redactedContent":"AAAA"}},{"text":"hi"}]}},"stopReason":"end_turn"}`,
			want: `{"role":"assistant","content":"hi","thinking_blocks":[{"type":"redacted_thinking","data":"AAAA"}]}`,
		},
		{
			name: "JSON tool without input", jsonTool: "json_tool_call",
			body: `{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"json_tool_call"}}]}},"stopReason":"tool_use"}`,
			want: `{"role":"assistant","content":"{}"}`,
		},
		{
			name: "JSON tool name without JSON mode is a tool call",
			body: `{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"json_tool_call","input":{}}}]}},"stopReason":"tool_use"}`,
			want: `{"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"json_tool_call","arguments":"{}"}}]}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &State{Model: "m", JSONTool: tc.jsonTool}
			out, _, e := Response(nil, []byte(tc.body), st, "id", 1)
			if e != nil {
				t.Fatal(e)
			}
			var c struct {
				Choices []struct {
					Message json.RawMessage `json:"message"`
				} `json:"choices"`
			}
			if err := json.Unmarshal(out, &c); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got := string(c.Choices[0].Message); got != tc.want {
				t.Errorf("message\n got %s\nwant %s", got, tc.want)
			}
			checkCompletionShape(t, out)
		})
	}
}

func FuzzResponse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "response", "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && !bytes.Contains([]byte(name), []byte(".golden.")) {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		st := &State{Model: "m", JSONTool: "json_tool_call"}
		out, _, e := Response(nil, body, st, "id", 1)
		if e == nil && !json.Valid(out) {
			t.Fatalf("invalid JSON %s from %s", out, body)
		}
	})
}

func TestAppendCompactString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{``, `"{}"`},
		{`{}`, `"{}"`},
		{` { "a" : [ 1 , 2 ] ,` + "\n\t" + `"b" : "x y\" z" } `, `"{\"a\":[1,2],\"b\":\"x y\\\" z\"}"`},
		{`"s \\ \u2028"`, `"\"s \\\\ \\u2028\""`},
		{`null`, `"null"`},
	} {
		got := appendCompactString([]byte("pre"), json.RawMessage(tc.in))
		if string(got) != "pre"+tc.want {
			t.Errorf("%q: got %s, want pre%s", tc.in, got, tc.want)
		}
	}
}

func BenchmarkResponse(b *testing.B) {
	body := []byte(`{"metrics":{"latencyMs":2113},"output":{"message":{"role":"assistant","content":[` +
		`{"reasoningContent":{"reasoningText":{"text":"The user wants the weather in Paris. I should call get_weather with the city and the unit they prefer, which is celsius as they are in Europe.","signature":"EqoBCkgIAxABGAIiQGf3nQ0x6k2Jb8m9Kk8r2yQ7nYw5oQkZ3mJq8v0pQ1aR2bS3cT4dU5eV6fW7gX8hY9iZ0jA1kB2lC3mD4nE5oF6pG7=="}}},` +
		`{"text":"I'll look up the current weather in Paris for you.\n\nOne moment."},` +
		`{"toolUse":{"toolUseId":"tooluse_8Zb9Xk3pQn2aR4tY6uW1vA","name":"get_weather","input":{"location":"Paris, France","unit":"celsius","days":3}}}` +
		`]}},"stopReason":"tool_use","usage":{"inputTokens":1412,"outputTokens":187,"totalTokens":5599,"cacheReadInputTokens":4000,"cacheWriteInputTokens":0}}`)
	st := &State{Model: "claude-sonnet"}
	var dst []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var e *translate.Error
		dst, _, e = Response(dst[:0], body, st, respTestID, respTestCreated)
		if e != nil {
			b.Fatal(e)
		}
	}
}

func TestAppendStringInner(t *testing.T) {
	got := appendStringInner([]byte(`"`), "a\"b\n")
	got = appendStringInner(got, "é\u2028")
	got = append(got, '"')
	var back string
	if err := json.Unmarshal(got, &back); err != nil || back != "a\"b\né\u2028" {
		t.Errorf("got %s (%q, %v)", got, back, err)
	}
}
