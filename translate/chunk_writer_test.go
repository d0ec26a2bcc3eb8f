package translate

import (
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// TestChunkWriter: what a stream says comes out as OpenAI's chunks, for
// chat and for text completions, and a stream is complete only once it
// has its finish_reason.
func TestChunkWriter(t *testing.T) {
	cutOff := &Error{Status: 502, Type: ErrUpstream, Message: "cut off"}
	for _, tc := range []struct {
		name string
		st   Answering
		say  func(w *ChunkWriter)
		want string
	}{
		{"chat", Answering{Alias: "m", IncludeUsage: true}, func(w *ChunkWriter) {
			w.Reasoning([]byte("Hmm."))
			w.Signature("sig")
			w.Text([]byte("Hi \"there\""))
			w.ToolCall("call_1", "get_weather")
			w.ToolArgs([]byte(`{"city":`))
			w.ToolArgs([]byte(`"Paris"}`))
			w.Finish("tool_calls")
			w.Usage(Usage{PromptTokens: 3, CompletionTokens: 5})
		}, `data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"Hmm.","thinking_blocks":[{"type":"thinking","thinking":"Hmm."}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"thinking_blocks":[{"type":"thinking","thinking":"","signature":"sig"}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"content":"Hi \"there\""},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}

data: [DONE]

`},
		{"text", Answering{Alias: "m", Text: true}, func(w *ChunkWriter) {
			w.Reasoning([]byte("hidden"))
			w.Text([]byte("Once"))
			w.Text([]byte(" upon"))
			w.Finish("length")
			w.Usage(Usage{PromptTokens: 1, CompletionTokens: 2})
		}, `data: {"id":"x","object":"text_completion","created":7,"model":"m","choices":[{"index":0,"text":"Once","logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"text_completion","created":7,"model":"m","choices":[{"index":0,"text":" upon","logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"text_completion","created":7,"model":"m","choices":[{"index":0,"text":"","logprobs":null,"finish_reason":"length"}]}

data: [DONE]

`},
		{"finish first", Answering{Alias: "m"}, func(w *ChunkWriter) {
			w.Finish("stop")
			// Nothing follows the finish chunk, whatever the upstream sends.
			w.Text([]byte("late"))
			w.Reasoning([]byte("late"))
			w.Signature("sig")
			w.RedactedThinking("data")
			if w.ToolCall("c1", "f") != -1 {
				t.Error("a tool call started after the finish")
			}
		},
			`data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

data: [DONE]

`},
		{"calls by index", Answering{Alias: "m"}, func(w *ChunkWriter) {
			w.Start()
			w.Start()
			first, second := w.ToolCall("c1", "f"), w.ToolCall("c2", "g")
			w.ToolArgsTo(second, []byte(`{"b":2}`))
			w.ToolArgsTo(first, []byte(`{"a":1}`))
			w.ToolArgsTo(2, []byte(`{}`)) // never started
			w.Finish("tool_calls")
		}, `data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"c2","type":"function","function":{"name":"g","arguments":""}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"b\":2}"}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":1}"}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

data: [DONE]

`},
		{"cut off", Answering{Alias: "m"}, func(w *ChunkWriter) { w.Text([]byte("Half")) },
			`data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"content":"Half"},"logprobs":null,"finish_reason":null}]}

data: {"error":{"message":"cut off","type":"upstream_error","param":null,"code":null}}

`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := NewChunkWriter(&tc.st, "x", 7)
			tc.say(w)
			got := string(w.Complete(nil, cutOff))
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n\n") {
				if p := strings.TrimPrefix(line, "data: "); p != "[DONE]" && !jsonw.Valid([]byte(p)) {
					t.Errorf("not JSON: %s", p)
				}
			}
		})
	}
}

// TestChunkWriterInto: a lent buffer gets the chunks after what it held,
// and the writer keeps nothing of it.
func TestChunkWriterInto(t *testing.T) {
	w := NewChunkWriter(&Answering{Alias: "m", Text: true}, "x", 7)
	w.Into([]byte("before\n\n"))
	w.Text([]byte("Hi"))
	got := string(w.Out())
	want := "before\n\n" + `data: {"id":"x","object":"text_completion","created":7,"model":"m","choices":[{"index":0,"text":"Hi","logprobs":null,"finish_reason":null}]}` + "\n\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if rest := w.Take(nil); len(rest) != 0 {
		t.Errorf("kept %q", rest)
	}
}

func TestAppendAnswer(t *testing.T) {
	a := &Answer{Text: "Paris.", Reasoning: []ThinkingBlock{{Type: "thinking", Thinking: "Easy.", Signature: "s"}, {Type: "redacted_thinking", Data: "enc"}},
		ToolCalls: []ToolCall{{ID: "c1", Function: FunctionCall{Name: "f"}}}, Finish: "tool_calls", Usage: Usage{PromptTokens: 2, CompletionTokens: 3}}
	got := string(AppendAnswer(nil, a, &Answering{Alias: "m"}, "id", 9))
	want := `{"id":"id","object":"chat.completion","created":9,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Paris.","reasoning_content":"Easy.","thinking_blocks":[{"type":"thinking","thinking":"Easy.","signature":"s"},{"type":"redacted_thinking","data":"enc"}],"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":2,"completion_tokens":3,"total_tokens":5,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got = string(AppendAnswer(nil, &Answer{Text: "Once"}, &Answering{Alias: "m", Text: true}, "id", 9))
	want = `{"id":"id","object":"text_completion","created":9,"model":"m","choices":[{"text":"Once","index":0,"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
