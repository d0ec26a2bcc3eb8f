package cohere

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

const streamDir = "testdata/stream"

// loadChunks reads testdata/stream/<name>.chunks.json.
func loadChunks(t testing.TB, name string) []translatetest.Event {
	t.Helper()
	return translatetest.LoadEvents(t, filepath.Join(streamDir, name+".chunks.json"))
}

// wire encodes the frames as they travel, padded as AWS pads them.
func wire(t testing.TB, evs []translatetest.Event) []byte {
	t.Helper()
	return translatetest.EncodeEvents(t, evs, translatetest.Padding)
}

type streamCase struct {
	name   string
	family invoke.Family
	state  any
	text   bool
	usage  bool
	// want is the usage the stream reports.
	want translate.Usage
	// err says the stream ends with an error event.
	err string
}

func (c streamCase) stream() *invoke.Stream {
	st := &invoke.State{Answering: translate.Answering{Alias: "cohere-model", Text: c.text, IncludeUsage: c.usage}, Family: c.state}
	return invoke.NewStream(c.family, st, "chatcmpl-test", 1700000000)
}

var streamCases = []streamCase{
	{name: "command_text", family: command{}, state: &commandState{trimStart: true}, usage: true,
		want: translate.Usage{PromptTokens: 18, CompletionTokens: 9, TotalTokens: 27}},
	{name: "command_stop", family: command{}, state: &commandState{trimStart: true, stops: []string{"END", "\n"}},
		want: translate.Usage{PromptTokens: 7, CompletionTokens: 8, TotalTokens: 15}},
	{name: "command_generations", family: command{}, state: &commandState{trimStart: true}},
	{name: "command_max_tokens", family: command{}, state: &commandState{stops: []string{"time"}}, text: true, usage: true,
		want: translate.Usage{PromptTokens: 4, CompletionTokens: 3, TotalTokens: 7}},
	{name: "command_cut", family: command{}, err: "ended before the response was complete"},
	{name: "command_exception", family: command{}, err: "Too many tokens"},
	{name: "command_error", family: command{}, err: "stopped with an error"},
	{name: "chat_text", family: commandR{}, usage: true,
		want: translate.Usage{PromptTokens: 14, CompletionTokens: 14, TotalTokens: 28}},
	{name: "chat_tool_calls", family: commandR{}, state: mappedNames(), usage: true,
		want: translate.Usage{PromptTokens: 460, CompletionTokens: 27, TotalTokens: 487}},
	{name: "chat_tool_deltas", family: commandR{}, state: mappedNames(),
		want: translate.Usage{PromptTokens: 893, CompletionTokens: 62, TotalTokens: 955}},
	{name: "chat_metrics", family: commandR{}, usage: true,
		want: translate.Usage{PromptTokens: 120, CompletionTokens: 5, TotalTokens: 125}},
	{name: "chat_cut", family: commandR{}, err: "ended before the response was complete"},
	{name: "chat_exception", family: commandR{}, err: "The model stopped streaming."},
	{name: "chat_error", family: commandR{}, err: "stopped with an error"},
}

// TestStreamGolden feeds each recorded stream through invoke.Stream, as
// wire frames, and compares the whole SSE text with
// testdata/stream/<name>.golden.sse (-update rewrites them).
func TestStreamGolden(t *testing.T) {
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			s := c.stream()
			got, err := translatetest.Transcode(s, bytes.NewReader(wire(t, loadChunks(t, c.name))))
			if err != nil {
				t.Fatal(err)
			}
			translatetest.CheckSSE(t, got)
			translatetest.Compare(t, filepath.Join(streamDir, c.name+".golden.sse"), got)
			if s.Usage() != c.want {
				t.Errorf("usage %+v, want %+v", s.Usage(), c.want)
			}
			switch e := s.Err(); {
			case c.err == "" && e != nil:
				t.Errorf("error %v", e)
			case c.err != "" && (e == nil || !strings.Contains(e.Message, c.err)):
				t.Errorf("error %v, want one saying %q", e, c.err)
			}
		})
	}
}

// TestStreamOneByte delivers the wire bytes one at a time: frames split
// anywhere give the same SSE as whole frames.
func TestStreamOneByte(t *testing.T) {
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			translatetest.CheckSplitFrames(t, wire(t, loadChunks(t, c.name)),
				func() translatetest.Transcoder { return c.stream() })
		})
	}
}

// TestStreamAccumulates checks that a client adding up the chunks gets
// what the whole answer says: the tool calls' arguments, streamed in
// fragments, interleaved, or whole, are each call's JSON.
func TestStreamAccumulates(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		args          []string
		names         []string
	}{
		{"chat_tool_calls", "I will search for the weather in Sydney and Melbourne.",
			[]string{`{"city":"Sydney"}`, `{"city":"Melbourne","unit":"c"}`}, []string{"get-weather", "weather"}},
		{"chat_tool_deltas", "I will use the getStockPrice tool.",
			[]string{"{\n    \"ticker_symbol\": \"AAPL\"\n}", `{"ticker_symbol": "TSLA"}`}, []string{"test_tool_a", "get-weather"}},
	} {
		c := streamCase{family: commandR{}, state: mappedNames()}
		sse, err := translatetest.Transcode(c.stream(), bytes.NewReader(wire(t, loadChunks(t, tc.name))))
		if err != nil {
			t.Fatal(err)
		}
		a := translatetest.Accumulate(t, sse)
		if a.Content != tc.content || a.Finish != "tool_calls" || len(a.Calls) != len(tc.args) {
			t.Errorf("%s: content %q finish %q calls %d", tc.name, a.Content, a.Finish, len(a.Calls))
			continue
		}
		for i := range tc.args {
			if c := a.Calls[i]; c.Arguments != tc.args[i] || c.Name != tc.names[i] || !strings.HasPrefix(c.ID, "call_") {
				t.Errorf("%s: call %d %s %s(%s), want %s(%s)", tc.name, i, c.ID, c.Name, c.Arguments, tc.names[i], tc.args[i])
			}
		}
	}
}

func BenchmarkChunk(b *testing.B) {
	for _, bc := range []struct {
		name   string
		family invoke.Family
		state  any
		chunk  string
	}{
		{"cohere", command{}, &commandState{}, `{"text":" the quick brown fox jumps over the lazy dog","is_finished":false}`},
		{"cohere_stops", command{}, &commandState{stops: []string{"\n\nUser:"}}, `{"text":" the quick brown fox jumps over the lazy dog","is_finished":false}`},
		{"cohere_chat", commandR{}, nil, `{"is_finished":false,"event_type":"text-generation","text":" the quick brown fox jumps over the lazy dog"}`},
		{"cohere_chat_escaped", commandR{}, nil, `{"is_finished":false,"event_type":"text-generation","text":"line one\nline \"two\" é"}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := streamCase{family: bc.family, state: bc.state}
			s := c.stream()
			msg := translatetest.Event{Chunk: json.RawMessage(bc.chunk)}.Frame(translatetest.Padding)
			dst, _ := s.Message(nil, &msg)
			b.ReportAllocs()
			b.SetBytes(int64(len(msg.Payload)))
			for b.Loop() {
				var terminal bool
				if dst, terminal = s.Message(dst[:0], &msg); terminal {
					b.Fatalf("%s", dst)
				}
			}
		})
	}
}
