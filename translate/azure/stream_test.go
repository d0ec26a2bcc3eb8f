package azure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

const streamDir = "testdata/stream"

// relay feeds upstream SSE bytes to a scanner in pieces of size step
// (all at once if step is 0) and relays every event, as the handler does.
func relay(s *Stream, sse []byte, step int) []byte {
	var sc translate.SSEScanner
	var out []byte
	if step <= 0 {
		step = len(sse) + 1
	}
	for off := 0; ; off += step {
		end := min(off+step, len(sse))
		if off < len(sse) {
			sc.Feed(sse[off:end])
		}
		eof := end >= len(sse)
		if eof {
			sc.End()
		}
		for {
			data, ok, err := sc.Next()
			if err != nil {
				return s.Fail(out, &translate.Error{Status: http.StatusBadGateway, Type: translate.ErrUpstream, Message: err.Error()})
			}
			if !ok {
				break
			}
			var terminal bool
			if out, terminal = s.Event(out, data); terminal {
				return out
			}
		}
		if eof {
			return s.End(out)
		}
	}
}

type streamCase struct {
	name  string
	input string // the .sse file, if not name
	st    State
	usage translate.Usage
}

var streamCases = []streamCase{
	{name: "openai_text", st: State{Model: "gpt4o", IncludeUsage: true},
		usage: translate.Usage{PromptTokens: 19, CompletionTokens: 9, TotalTokens: 28}},
	{name: "openai_text_no_usage", input: "openai_text", st: State{Model: "gpt4o"},
		usage: translate.Usage{PromptTokens: 19, CompletionTokens: 9, TotalTokens: 28}},
	{name: "openai_async_filter", st: State{Model: "gpt4o"}},
	{name: "openai_content_filter", st: State{Model: "gpt4o"}},
	{name: "openai_tool_calls", st: State{Model: "gpt4o"}},
	{name: "ai_usage_last_chunk", st: State{Model: "llama", IncludeUsage: true, StreamOptionsDropped: true},
		usage: translate.Usage{PromptTokens: 12, CompletionTokens: 18, TotalTokens: 30}},
	{name: "ai_usage_last_chunk_not_asked", input: "ai_usage_last_chunk", st: State{Model: "llama"},
		usage: translate.Usage{PromptTokens: 12, CompletionTokens: 18, TotalTokens: 30}},
	{name: "deepseek_think", st: State{Model: "r1", IncludeUsage: true},
		usage: translate.Usage{PromptTokens: 6, CompletionTokens: 34, TotalTokens: 40}},
	{name: "deepseek_think_length", st: State{Model: "r1"}},
	{name: "deepseek_think_held_at_done", st: State{Model: "r1"}},
	{name: "deepseek_reasoning_content", st: State{Model: "r1"}},
	{name: "error_event", st: State{Model: "gpt4o"}},
	{name: "cut_off", st: State{Model: "gpt4o"}},
	{name: "no_done_after_finish", st: State{Model: "llama"}},
	{name: "crlf_comments", st: State{Model: "llama"}},
}

func (c streamCase) load(t testing.TB) []byte {
	t.Helper()
	in := c.input
	if in == "" {
		in = c.name
	}
	b, err := os.ReadFile(filepath.Join(streamDir, in+".sse"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (c streamCase) newStream() *Stream {
	st := c.st
	s := NewStream(&st)
	s.Upstream = Failure{Account: "prod", Kind: OpenAI, Deployment: "gpt-4o"}
	return s
}

// TestStreamGolden relays each recorded stream and compares the SSE
// written with testdata/stream/<name>.golden.sse; the same bytes
// delivered one at a time must give the same output.
func TestStreamGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			covered[c.name] = true
			covered[c.input] = true
			in := c.load(t)
			s := c.newStream()
			got := relay(s, in, 0)
			translatetest.CheckSSE(t, got)
			translatetest.Compare(t, filepath.Join(streamDir, c.name+".golden.sse"), got)
			if s.Usage() != c.usage {
				t.Errorf("Usage() = %+v, want %+v", s.Usage(), c.usage)
			}
			for _, step := range []int{1, 2, 7} {
				if split := relay(c.newStream(), in, step); !bytes.Equal(split, got) {
					t.Errorf("%d bytes at a time:\n%s\nwhole:\n%s", step, split, got)
				}
			}
			// Nothing but the alias is ever given as the model.
			for _, d := range translatetest.SSEData(t, got) {
				var chunk struct {
					Model *string `json:"model"`
				}
				if json.Unmarshal([]byte(d), &chunk) == nil && chunk.Model != nil && *chunk.Model != c.st.Model {
					t.Errorf("model %q in %s", *chunk.Model, d)
				}
			}
		})
	}
	entries, _ := os.ReadDir(streamDir)
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".sse"); ok && !strings.HasSuffix(n, ".golden") && !covered[n] {
			t.Errorf("%s has no test case", e.Name())
		}
	}
}

// TestStreamAccumulates checks what a client accumulating the deltas
// of the DeepSeek stream sees: the same split as Response makes.
func TestStreamAccumulates(t *testing.T) {
	c := streamCases[7]
	got := relay(c.newStream(), c.load(t), 0)
	var reasoning, content, finish string
	usageChunks := 0
	for _, d := range translatetest.SSEData(t, got) {
		if d == "[DONE]" {
			continue
		}
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content          string `json:"content"`
					ReasoningContent string `json:"reasoning_content"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
			Usage *translate.Usage `json:"usage"`
		}
		if err := json.Unmarshal([]byte(d), &chunk); err != nil {
			t.Fatal(err)
		}
		if chunk.Usage != nil {
			usageChunks++
			if len(chunk.Choices) != 0 {
				t.Errorf("usage on a chunk with choices: %s", d)
			}
		}
		for _, ch := range chunk.Choices {
			reasoning += ch.Delta.ReasoningContent
			content += ch.Delta.Content
			if ch.FinishReason != nil {
				finish = *ch.FinishReason
			}
		}
	}
	if reasoning != "Okay, the user says hi." || content != "Hello! 😊" || finish != "stop" || usageChunks != 1 {
		t.Errorf("reasoning %q content %q finish %q usage chunks %d", reasoning, content, finish, usageChunks)
	}
	var whole translate.ThinkSplitter
	r, c2 := whole.Feed(nil, nil, []byte("<think>\nOkay, the user says hi.\n</think>\n\nHello! 😊"))
	r, c2 = whole.Flush(r, c2)
	if string(r) != reasoning || string(c2) != content {
		t.Errorf("non-streaming split differs: %q %q", r, c2)
	}
}

func TestStreamEvents(t *testing.T) {
	const chunk = `{"id":"x","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}`
	for _, tc := range []struct {
		name     string
		data     string
		want     string
		terminal bool
	}{
		{name: "blank", data: "  "},
		{name: "relayed", data: chunk,
			want: `data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"alias","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}` + "\n\n"},
		{name: "no model", data: `{"id":"x","choices":[{"index":0,"delta":{"content":"a"}}]}`,
			want: `data: {"id":"x","choices":[{"index":0,"delta":{"content":"a"}}],"model":"alias"}` + "\n\n"},
		{name: "done", data: "[DONE]", want: "data: [DONE]\n\n", terminal: true},
		{name: "not json", data: `{"id":`, terminal: true,
			want: `data: {"error":{"message":"azure account \"prod\": Azure sent an unreadable stream chunk","type":"upstream_error","param":null,"code":null}}` + "\n\n"},
		{name: "not an object", data: `[1,2]`, terminal: true,
			want: `data: {"error":{"message":"azure account \"prod\": Azure sent an unreadable stream chunk","type":"upstream_error","param":null,"code":null}}` + "\n\n"},
		{name: "choices not an array", data: `{"choices":{}}`, terminal: true,
			want: `data: {"error":{"message":"azure account \"prod\": Azure sent an unreadable stream chunk","type":"upstream_error","param":null,"code":null}}` + "\n\n"},
		{name: "usage not an object", data: `{"choices":[],"usage":3}`, terminal: true,
			want: `data: {"error":{"message":"azure account \"prod\": Azure sent an unreadable stream chunk","type":"upstream_error","param":null,"code":null}}` + "\n\n"},
		{name: "error", terminal: true,
			data: `{"error":{"code":"429","message":"Rate limit is exceeded. Try again in 1 seconds."}}`,
			want: `data: {"error":{"message":"azure account \"prod\": Rate limit is exceeded. Try again in 1 seconds.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}` + "\n\n"},
		{name: "content filter error", terminal: true,
			data: `{"error":{"code":"content_filter","message":"The response was filtered","param":"prompt","innererror":{"code":"ResponsibleAIPolicyViolation"}}}`,
			want: `data: {"error":{"message":"azure account \"prod\": The response was filtered","type":"invalid_request_error","param":"prompt","code":"content_filter","innererror":{"code":"ResponsibleAIPolicyViolation"}}}` + "\n\n"},
		{name: "prompt filter chunk dropped", data: `{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[]}`},
		{name: "null error ignored", data: `{"error":null,"choices":[]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStream(&State{Model: "alias"})
			s.Upstream = Failure{Account: "prod", Kind: OpenAI}
			out, terminal := s.Event(nil, []byte(tc.data))
			if string(out) != tc.want || terminal != tc.terminal {
				t.Errorf("got %q terminal %v\nwant %q terminal %v", out, terminal, tc.want, tc.terminal)
			}
			if tc.terminal {
				if out, term := s.Event(nil, []byte(chunk)); len(out) != 0 || !term {
					t.Errorf("after terminal: %q %v", out, term)
				}
				if out := s.End(nil); len(out) != 0 {
					t.Errorf("End after terminal: %q", out)
				}
				if out := s.Fail(nil, &translate.Error{Message: "x"}); len(out) != 0 {
					t.Errorf("Fail after terminal: %q", out)
				}
			}
			if (s.Err() != nil) != (tc.terminal && tc.name != "done") {
				t.Errorf("Err() = %v", s.Err())
			}
		})
	}
}

// streamSeeds are the recorded streams, for the fuzzer.
func streamSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	for _, name := range []string{"openai_text", "ai_usage_last_chunk", "deepseek_think", "error_event", "crlf_comments", "openai_async_filter"} {
		b, err := os.ReadFile(filepath.Join(streamDir, name+".sse"))
		if err != nil {
			t.Fatal(err)
		}
		seeds[name] = b
	}
	return seeds
}

// FuzzStream: arbitrary upstream bytes, in arbitrary pieces, never
// make the relay panic or write anything but complete events whose data
// is [DONE] or a JSON object, with nothing after [DONE] or an error.
func FuzzStream(f *testing.F) {
	for _, b := range streamSeeds(f) {
		f.Add(b, uint8(0))
	}
	f.Fuzz(func(t *testing.T, sse []byte, step uint8) {
		for _, st := range []State{{Model: "m"}, {Model: "m", IncludeUsage: true}} {
			out := relay(NewStream(&st), sse, int(step))
			translatetest.CheckSSE(t, out)
		}
	})
}

// TestFuzzCorpus keeps testdata/fuzz/FuzzStream in step with the
// recorded streams; -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for name, b := range streamSeeds(t) {
		path := filepath.Join("testdata", "fuzz", "FuzzStream", name)
		translatetest.Compare(t, path, fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\nbyte('\\x00')\n", b))
	}
}

// BenchmarkStreamChunk measures relaying one content chunk, the hot
// path of every stream: allocations per chunk and bytes read.
func BenchmarkStreamChunk(b *testing.B) {
	const openai = `{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}},"delta":{"content":" the quick brown fox"},"finish_reason":null,"index":0,"logprobs":null}],"created":1767225600,"id":"chatcmpl-Bx1","model":"gpt-4o-2024-11-20","object":"chat.completion.chunk","system_fingerprint":"fp_ee1d74bde0","usage":null}`
	const llama = `{"id":"c1d2e3f4a5b6","object":"chat.completion.chunk","created":1767225601,"model":"Meta-Llama-3.1-70B-Instruct","choices":[{"index":0,"delta":{"content":" the quick brown fox"},"logprobs":null,"finish_reason":null}]}`
	const think = `{"id":"c1d2e3f4a5b6","object":"chat.completion.chunk","created":1767225601,"model":"DeepSeek-R1","choices":[{"index":0,"delta":{"content":" the quick brown fox"},"logprobs":null,"finish_reason":null}]}`
	for _, bc := range []struct {
		name, first, chunk string
	}{
		{"azure_openai", `{"choices":[{"index":0,"delta":{"content":"Hi"}}],"model":"x"}`, openai},
		{"azure_ai", `{"choices":[{"index":0,"delta":{"content":"Hi"}}],"model":"x"}`, llama},
		{"think", `{"choices":[{"index":0,"delta":{"content":"<think>"}}],"model":"x"}`, think},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := NewStream(&State{Model: "my-alias"})
			dst, _ := s.Event(nil, []byte(bc.first))
			chunk := []byte(bc.chunk)
			b.ReportAllocs()
			b.SetBytes(int64(len(chunk)))
			for b.Loop() {
				var terminal bool
				if dst, terminal = s.Event(dst[:0], chunk); terminal {
					b.Fatalf("%s", dst)
				}
			}
		})
	}
}
