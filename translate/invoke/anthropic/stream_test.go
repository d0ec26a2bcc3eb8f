package anthropic

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// recordedFrame is one frame of an InvokeModelWithResponseStream answer,
// as stored in testdata/stream/<name>.events.json: a chunk (the model's
// own JSON, which Bedrock sends base64-encoded), an exception, or an
// event of another type.
type recordedFrame struct {
	Chunk     json.RawMessage `json:"chunk,omitempty"`
	Exception string          `json:"exception,omitempty"`
	Event     string          `json:"event,omitempty"`
	Payload   json.RawMessage `json:"payload,omitempty"`
}

// message builds the frame Bedrock would send.
func (f recordedFrame) message(t testing.TB) eventstream.Message {
	var m eventstream.Message
	m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	switch {
	case f.Chunk != nil:
		var c bytes.Buffer
		if err := json.Compact(&c, f.Chunk); err != nil {
			t.Fatal(err)
		}
		m.Headers.Set(":event-type", eventstream.StringValue("chunk"))
		m.Headers.Set(":message-type", eventstream.StringValue("event"))
		m.Payload = []byte(`{"bytes":"` + base64.StdEncoding.EncodeToString(c.Bytes()) + `","p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}`)
		return m
	case f.Exception != "":
		m.Headers.Set(":exception-type", eventstream.StringValue(f.Exception))
		m.Headers.Set(":message-type", eventstream.StringValue("exception"))
	default:
		m.Headers.Set(":event-type", eventstream.StringValue(f.Event))
		m.Headers.Set(":message-type", eventstream.StringValue("event"))
	}
	m.Payload = f.Payload
	return m
}

func loadFrames(t testing.TB, name string) []recordedFrame {
	t.Helper()
	var frames []recordedFrame
	translatetest.ReadJSON(t, filepath.Join("testdata", "stream", name+".events.json"), &frames)
	return frames
}

// encodeFrames encodes frames as they travel on the wire. They are not
// translatetest.Event's frames: the FuzzStream corpus holds these bytes,
// headers in this order and padding this long.
func encodeFrames(t testing.TB, frames []recordedFrame) []byte {
	t.Helper()
	return translatetest.Wire(t, frames, func(f recordedFrame) eventstream.Message { return f.message(t) })
}

type streamCase struct {
	name   string
	events string // events file, if not name
	st     func() *invoke.State
}

func (c streamCase) eventsName() string {
	if c.events != "" {
		return c.events
	}
	return c.name
}

func (c streamCase) newStream() *invoke.Stream {
	s := invoke.NewStream(Family{}, c.st(), testID, testCreated)
	s.Upstream.Account = "prod"
	s.Upstream.Region = "us-east-1"
	s.Upstream.ModelID = claude35Sonnet
	return s
}

func chatState(includeUsage bool) func() *invoke.State {
	return func() *invoke.State {
		st := testState("claude", false, false, map[string]string{"tooluse_gw0123456789abcdef0123456789abcdef": "functions.get_weather:1"})
		st.IncludeUsage = includeUsage
		return st
	}
}

var streamCases = []streamCase{
	{name: "text", st: chatState(false)},
	{name: "text_usage", events: "text", st: chatState(true)},
	{name: "text_completion", events: "text", st: func() *invoke.State {
		st := testState("claude-text", true, false, nil)
		st.IncludeUsage = true
		return st
	}},
	{name: "tools", st: chatState(true)},
	{name: "thinking", st: chatState(false)},
	{name: "thinking_text_completion", events: "thinking", st: func() *invoke.State { return testState("claude-text", true, false, nil) }},
	{name: "json_mode", st: func() *invoke.State { return testState("claude", false, true, nil) }},
	{name: "usage_cache", st: chatState(true)},
	{name: "metrics_only", st: chatState(true)},
	{name: "max_tokens", st: chatState(false)},
	{name: "cut_off", st: chatState(true)},
	{name: "throttling", st: chatState(true)},
	{name: "model_stream_error", st: chatState(false)},
	{name: "error_event", st: chatState(false)},
	{name: "unknown_events", st: chatState(false)},
	{name: "malformed", st: chatState(false)},
}

// TestStreamGolden feeds each recorded frame sequence through the wire
// encoding, invoke.Stream and the family's reader, and compares the SSE
// text with testdata/stream/<name>.golden.sse; then again one byte at a
// time, since frames split anywhere must give the same SSE.
func TestStreamGolden(t *testing.T) {
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			translatetest.CheckStreamGolden(t, encodeFrames(t, loadFrames(t, c.eventsName())),
				filepath.Join("testdata", "stream", c.name+".golden.sse"), func() translatetest.Transcoder { return c.newStream() })
		})
	}
}

// TestStreamEnds checks how each stream ended: the error it reports (for
// the log, or the status when nothing was sent), and the usage.
func TestStreamEnds(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int // 0: no error
		kind   translate.FailureKind
		usage  translate.Usage
	}{
		{name: "text", usage: translate.Usage{PromptTokens: 25, CompletionTokens: 15, TotalTokens: 40}},
		{name: "usage_cache", usage: translate.Usage{PromptTokens: 4006, CompletionTokens: 4, TotalTokens: 4010, CachedTokens: 3800, CacheWriteTokens: 200}},
		{name: "metrics_only", usage: translate.Usage{PromptTokens: 19, CompletionTokens: 3, TotalTokens: 22}},
		{name: "tools", usage: translate.Usage{PromptTokens: 472, CompletionTokens: 89, TotalTokens: 561}},
		{name: "cut_off", status: 502, kind: translate.FailUnavailable, usage: translate.Usage{PromptTokens: 9, CompletionTokens: 1, TotalTokens: 10}},
		{name: "throttling", status: 429, kind: translate.FailThrottled, usage: translate.Usage{PromptTokens: 9, CompletionTokens: 1, TotalTokens: 10}},
		{name: "model_stream_error", status: 502, kind: translate.FailUnavailable},
		{name: "error_event", status: 503, kind: translate.FailUnavailable},
		{name: "malformed", status: 502, kind: translate.FailUnavailable},
	} {
		s := streamCase{st: chatState(false)}.newStream()
		if _, err := translatetest.Transcode(s, bytes.NewReader(encodeFrames(t, loadFrames(t, tc.name)))); err != nil {
			t.Fatal(err)
		}
		e := s.Err()
		switch {
		case tc.status == 0 && e != nil:
			t.Errorf("%s: %v", tc.name, e)
		case tc.status != 0 && (e == nil || e.Status != tc.status || e.Kind != tc.kind):
			t.Errorf("%s: %+v, want status %d kind %v", tc.name, e, tc.status, tc.kind)
		}
		if tc.usage != (translate.Usage{}) && s.Usage() != tc.usage {
			t.Errorf("%s: usage %+v, want %+v", tc.name, s.Usage(), tc.usage)
		}
	}
}

// TestStreamAccumulates checks that a client accumulating the chunks of a
// stream rebuilds what Answer reads from the same answer whole.
func TestStreamAccumulates(t *testing.T) {
	wire := encodeFrames(t, loadFrames(t, "tools"))
	sse, err := translatetest.Transcode(streamCase{st: chatState(true)}.newStream(), bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	a := translatetest.Accumulate(t, sse)
	if a.Content != "Checking both cities." || a.Finish != "tool_calls" || a.Usage == nil || a.Usage.PromptTokens != 472 || len(a.Calls) != 2 {
		t.Fatalf("content %q finish %q usage %+v calls %d", a.Content, a.Finish, a.Usage, len(a.Calls))
	}
	for k, want := range []string{`{"location": "San Francisco, CA"}`, `{"location": "Tōkyō \"JP\""}`} {
		if a.Calls[k].Arguments != want {
			t.Errorf("tool %d arguments %q, want %q", k, a.Calls[k].Arguments, want)
		}
	}
	if a.Calls[0].ID != "toolu_01T1x1fJ34qAmk2tNTrN7Up6" || a.Calls[1].ID != "functions.get_weather:1" {
		t.Errorf("ids %q %q", a.Calls[0].ID, a.Calls[1].ID)
	}
}
