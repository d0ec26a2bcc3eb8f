package mistral

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func loadEvents(t testing.TB, name string) []translatetest.Event {
	t.Helper()
	return translatetest.LoadEvents(t, filepath.Join("testdata", "stream", name+".events.json"))
}

// wire is the recorded stream name as it travels on the wire, padded as
// AWS pads it.
func wire(t testing.TB, name string) []byte {
	return translatetest.EncodeEvents(t, loadEvents(t, name), translatetest.Padding)
}

type streamCase struct {
	name  string
	text  bool // a text completion
	usage bool // stream_options.include_usage
	st    *state
	// wantErr is a substring of the error the stream ends with.
	wantErr string
}

var streamCases = []streamCase{
	{name: "prompt_text", usage: true},
	{name: "prompt_leading_space"},
	{name: "prompt_length"},
	{name: "chat_text", usage: true},
	{name: "chat_delta", usage: true},
	{name: "chat_tool_calls", usage: true, st: toolState()},
	{name: "chat_json_tool", st: &state{jsonTool: true}},
	{name: "guardrail"},
	{name: "cut_off", wantErr: "ended before the response was complete"},
	{name: "exception", wantErr: "Too many tokens"},
	{name: "malformed", wantErr: "unreadable Mistral chunk"},
	// A text completion keeps the leading space.
	{name: "prompt_text_completion", text: true, usage: true},
}

func (c streamCase) events() string {
	if c.name == "prompt_text_completion" {
		return "prompt_text"
	}
	return c.name
}

func (c streamCase) newStream() *invoke.Stream {
	st := &invoke.State{Answering: translate.Answering{Alias: "mistral", Text: c.text, IncludeUsage: c.usage}}
	if c.st != nil {
		fam := *c.st
		st.Family = &fam
	}
	s := invoke.NewStream(family{}, st, testID, testCreated)
	s.Upstream.Account = "prod"
	return s
}

// TestStreamGolden feeds each recorded stream through the wire encoding
// and the transcoder, and compares the SSE text with
// testdata/stream/<name>.golden.sse.
func TestStreamGolden(t *testing.T) {
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			wire := wire(t, c.events())
			s := c.newStream()
			got, err := translatetest.Transcode(s, bytes.NewReader(wire))
			if err != nil {
				t.Fatal(err)
			}
			translatetest.CheckSSE(t, got)
			translatetest.Compare(t, filepath.Join("testdata", "stream", c.name+".golden.sse"), got)
			switch {
			case c.wantErr == "" && s.Err() != nil:
				t.Errorf("stream failed: %v", s.Err())
			case c.wantErr != "" && (s.Err() == nil || !strings.Contains(s.Err().Message, c.wantErr)):
				t.Errorf("error %v, want one saying %q", s.Err(), c.wantErr)
			}

			// Frames split anywhere give the same SSE as whole frames.
			split, err := translatetest.Transcode(c.newStream(), iotest.OneByteReader(bytes.NewReader(wire)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(split, got) {
				t.Errorf("one byte at a time:\n%s\nwhole frames:\n%s", split, got)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "stream", "*"))
	names := map[string]bool{}
	for _, c := range streamCases {
		names[c.name+".golden.sse"], names[c.events()+".events.json"] = true, true
	}
	for _, f := range files {
		if !names[filepath.Base(f)] {
			t.Errorf("%s has no test case", f)
		}
	}
}

// TestStreamAccumulates checks that a client adding up a stream's chunks
// gets what Answer reads from the same answer whole.
func TestStreamAccumulates(t *testing.T) {
	for _, tc := range []struct {
		events, answer string
		st             func() *state
	}{
		{"chat_tool_calls", "chat_tool_calls", toolState},
		{"prompt_text", "", nil},
	} {
		c := streamCase{name: tc.events, usage: true}
		if tc.st != nil {
			c.st = tc.st()
		}
		sse, err := translatetest.Transcode(c.newStream(), bytes.NewReader(wire(t, tc.events)))
		if err != nil {
			t.Fatal(err)
		}
		got := accumulate(t, sse)
		var want translate.Answer
		if tc.answer != "" {
			body, err := os.ReadFile(filepath.Join("testdata", "response", tc.answer+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := &invoke.State{Family: c.st}
			if err := (family{}).Answer(body, st, &want); err != nil {
				t.Fatal(err)
			}
		} else {
			want = translate.Answer{Text: "Well, I'm quite partial to a good squeeze of fresh lemon juice. It adds just the right amount of zesty flavour\n", Finish: "stop"}
		}
		if got.Text != want.Text || got.Finish != want.Finish || len(got.ToolCalls) != len(want.ToolCalls) {
			t.Fatalf("%s: stream %+v, answer %+v", tc.events, got, want)
		}
		for i := range want.ToolCalls {
			g, w := got.ToolCalls[i], want.ToolCalls[i]
			if g.ID != w.ID || g.Function.Name != w.Function.Name || compactJSON(t, g.Function.Arguments) != compactJSON(t, w.Function.Arguments) {
				t.Errorf("%s: call %d %+v, answer %+v", tc.events, i, g, w)
			}
		}
	}
}

// accumulate adds up the chunks of an SSE stream with the OpenAI SDK's
// accumulator, as a client does.
func accumulate(t *testing.T, sse []byte) translate.Answer {
	var acc openai.ChatCompletionAccumulator
	for _, data := range translatetest.SSEData(t, sse) {
		if data == "[DONE]" {
			continue
		}
		var chunk openai.ChatCompletionChunk
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			t.Fatal(err)
		}
		if !acc.AddChunk(chunk) {
			t.Fatalf("the accumulator refused %s", data)
		}
	}
	if len(acc.Choices) != 1 {
		t.Fatalf("%d choices", len(acc.Choices))
	}
	c := acc.Choices[0]
	a := translate.Answer{Text: c.Message.Content, Finish: c.FinishReason}
	for _, tc := range c.Message.ToolCalls {
		a.ToolCalls = append(a.ToolCalls, translate.ToolCall{ID: tc.ID, Function: translate.FunctionCall{Name: tc.Function.Name, Arguments: tc.Function.Arguments}})
	}
	return a
}

func compactJSON(t *testing.T, s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return b.String()
}
