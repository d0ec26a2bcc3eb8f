package ai21

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// loadEvents reads testdata/stream/<name>.events.json.
func loadEvents(t testing.TB, name string) []translatetest.Event {
	t.Helper()
	return translatetest.LoadEvents(t, filepath.Join("testdata", "stream", name+".events.json"))
}

// encodeEvents encodes the frames as they travel on the wire, padded as
// AWS pads them.
func encodeEvents(t testing.TB, evs []translatetest.Event) []byte {
	t.Helper()
	return translatetest.EncodeEvents(t, evs, translatetest.Padding)
}

type streamCase struct {
	name   string
	events string // the events file, if not name
	family invoke.Family
	st     invoke.State
}

func (c streamCase) eventsName() string {
	if c.events != "" {
		return c.events
	}
	return c.name
}

func (c streamCase) newStream() *invoke.Stream {
	st := c.st
	s := invoke.NewStream(c.family, &st, testID, testCreated)
	s.Upstream.Account = "prod"
	return s
}

var streamCases = []streamCase{
	{name: "jamba_text", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba", IncludeUsage: true}}},
	{name: "jamba_text_no_usage", events: "jamba_text", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba"}}},
	{name: "jamba_text_completion", events: "jamba_text", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba", Text: true, IncludeUsage: true}}},
	{name: "jamba_metrics", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba", IncludeUsage: true}}},
	{name: "jamba_tools", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba", IncludeUsage: true}}},
	{name: "jamba_cut_off", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba"}}},
	{name: "jamba_exception", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba"}}},
	{name: "jamba_malformed", family: Jamba{}, st: invoke.State{Answering: translate.Answering{Alias: "jamba"}}},
	{name: "j2_replay", family: J2{}, st: invoke.State{Answering: translate.Answering{Alias: "j2", IncludeUsage: true}, Family: &j2State{chat: true}}},
	{name: "j2_replay_text", events: "j2_replay", family: J2{}, st: invoke.State{Answering: translate.Answering{Alias: "j2", Text: true}, Family: &j2State{}}},
	{name: "j2_cut_off", family: J2{}, st: invoke.State{Answering: translate.Answering{Alias: "j2"}, Family: &j2State{chat: true}}},
	{name: "j2_exception", family: J2{}, st: invoke.State{Answering: translate.Answering{Alias: "j2"}, Family: &j2State{chat: true}}},
	{name: "j2_twice", family: J2{}, st: invoke.State{Answering: translate.Answering{Alias: "j2"}, Family: &j2State{chat: true}}},
}

// TestStreamGolden transcodes each recorded stream, whole and one byte at
// a time, and compares the SSE text with testdata/stream/<name>.golden.sse.
func TestStreamGolden(t *testing.T) {
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			wire := encodeEvents(t, loadEvents(t, c.eventsName()))
			translatetest.CheckStreamGolden(t, wire, filepath.Join("testdata", "stream", c.name+".golden.sse"),
				func() translatetest.Transcoder { return c.newStream() })
		})
	}
}

// TestStreamAccumulates checks that a client adding up the chunks of a
// stream gets what Answer reads from the same answer whole.
func TestStreamAccumulates(t *testing.T) {
	c := streamCases[4] // jamba_tools
	s := c.newStream()
	sse, err := translatetest.Transcode(s, bytes.NewReader(encodeEvents(t, loadEvents(t, c.name))))
	if err != nil {
		t.Fatal(err)
	}
	acc := translatetest.Accumulate(t, sse)
	if acc.Finish != "tool_calls" || len(acc.Calls) != 2 || acc.Calls[0].ID != "call_p1" || acc.Calls[1].ID != "call_t2" ||
		acc.Usage == nil || acc.Usage.PromptTokens != 210 {
		t.Fatalf("finish %q calls %d usage %+v", acc.Finish, len(acc.Calls), acc.Usage)
	}
	for i, want := range []string{`{"city": "Paris"}`, `{"city":"Tōkyō \"JP\""}`} {
		if acc.Calls[i].Arguments != want {
			t.Errorf("tool %d arguments %q, want %q", i, acc.Calls[i].Arguments, want)
		}
	}
	if u := s.Usage(); u.PromptTokens != 210 || u.CompletionTokens != 41 {
		t.Errorf("usage %+v", u)
	}
}
