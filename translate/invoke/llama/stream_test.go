package llama

import (
	"bytes"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/streamtest"
)

type streamCase struct {
	name   string
	events string // the events file, if not name
	st     translate.Answering
}

var streamCases = []streamCase{
	{name: "text", st: translate.Answering{Alias: "llama3"}},
	{name: "text_usage", events: "text", st: translate.Answering{Alias: "llama3", IncludeUsage: true}},
	{name: "text_completion", events: "text", st: translate.Answering{Alias: "llama3", Text: true, IncludeUsage: true}},
	{name: "length", st: translate.Answering{Alias: "llama3", IncludeUsage: true}},
	{name: "metrics_only", st: translate.Answering{Alias: "my-llama", IncludeUsage: true}},
	{name: "guardrail", st: translate.Answering{Alias: "llama3", IncludeUsage: true}},
	{name: "cut_off", st: translate.Answering{Alias: "llama3", IncludeUsage: true}},
	{name: "throttling", st: translate.Answering{Alias: "llama3"}},
	{name: "model_error", st: translate.Answering{Alias: "llama3"}},
	{name: "unreadable", st: translate.Answering{Alias: "llama3"}},
}

func (c streamCase) wire(t testing.TB) []byte {
	name := c.events
	if name == "" {
		name = c.name
	}
	return streamtest.Encode(t, streamtest.Load(t, filepath.Join("testdata", "stream", name+".events.json")))
}

func (c streamCase) stream() *invoke.Stream {
	s := invoke.NewStream(Family{}, &invoke.State{Answering: c.st}, testID, testCreated)
	s.Upstream.Account = "prod"
	s.Upstream.Region = "us-east-1"
	s.Upstream.ModelID = llama3_8b
	return s
}

// TestStreamGolden feeds each recorded stream through the wire encoding
// and invoke.Stream with this family's reader, and compares the whole SSE
// text with testdata/stream/<name>.golden.sse.
func TestStreamGolden(t *testing.T) {
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := streamtest.Transcode(c.stream(), bytes.NewReader(c.wire(t)))
			if err != nil {
				t.Fatal(err)
			}
			translatetest.CheckSSE(t, got)
			translatetest.Compare(t, filepath.Join("testdata", "stream", c.name+".golden.sse"), got)
		})
	}
}

// TestStreamPartialFrames delivers the wire one byte at a time: frames
// split anywhere give the same SSE as whole ones.
func TestStreamPartialFrames(t *testing.T) {
	for _, c := range streamCases {
		wire := c.wire(t)
		whole, err := streamtest.Transcode(c.stream(), bytes.NewReader(wire))
		if err != nil {
			t.Fatal(err)
		}
		split, err := streamtest.Transcode(c.stream(), iotest.OneByteReader(bytes.NewReader(wire)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole, split) {
			t.Errorf("%s: one byte at a time:\n%s\nwhole frames:\n%s", c.name, split, whole)
		}
	}
}

// TestStreamUsage: the counts come from the chunks' own fields when they
// carry them, and from Bedrock's invocation metrics when they do not.
func TestStreamUsage(t *testing.T) {
	for _, tc := range []struct {
		name               string
		prompt, completion int
	}{{"text", 26, 13}, {"metrics_only", 9, 3}, {"length", 151, 5}} {
		c := streamCase{name: tc.name, st: translate.Answering{Alias: "m"}}
		s := c.stream()
		if _, err := streamtest.Transcode(s, bytes.NewReader(c.wire(t))); err != nil {
			t.Fatal(err)
		}
		if u := s.Usage(); u.PromptTokens != tc.prompt || u.CompletionTokens != tc.completion {
			t.Errorf("%s: usage %+v", tc.name, u)
		}
	}
}
