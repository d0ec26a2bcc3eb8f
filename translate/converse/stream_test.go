package converse

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// recordedEvent is one frame of a recorded ConverseStream response, as stored
// in testdata/stream/<name>.events.json.
type recordedEvent struct {
	// Type is the :event-type, or the :exception-type if Exception.
	Type      string          `json:"type"`
	Payload   json.RawMessage `json:"payload"`
	Exception bool            `json:"exception,omitempty"`
}

// recordedFrame builds the frame AWS would send for ev.
func recordedFrame(ev recordedEvent) eventstream.Message {
	var m eventstream.Message
	if ev.Exception {
		m.Headers.Set(":exception-type", eventstream.StringValue(ev.Type))
		m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
		m.Headers.Set(":message-type", eventstream.StringValue("exception"))
	} else {
		m.Headers.Set(":event-type", eventstream.StringValue(ev.Type))
		m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
		m.Headers.Set(":message-type", eventstream.StringValue("event"))
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, ev.Payload); err != nil {
		panic(err)
	}
	m.Payload = buf.Bytes()
	return m
}

func loadStreamEvents(t testing.TB, name string) []recordedEvent {
	t.Helper()
	var evs []recordedEvent
	translatetest.ReadJSON(t, filepath.Join("testdata", "stream", name+".events.json"), &evs)
	return evs
}

// encodeStream encodes the frames of evs as they travel on the wire.
func encodeStream(t testing.TB, evs []recordedEvent) []byte {
	t.Helper()
	return translatetest.EncodeFrames(t, evs, recordedFrame)
}

type streamGoldenCase struct {
	name   string
	events string // events file, if not name
	st     State
}

var streamGoldenCases = []streamGoldenCase{
	{name: "text", st: State{Model: "claude-sonnet"}},
	{name: "text_usage", events: "text", st: State{Model: "claude-sonnet", IncludeUsage: true}},
	{name: "usage_cache", st: State{Model: "claude-sonnet", IncludeUsage: true}},
	{name: "tools", st: State{Model: "claude-sonnet", IncludeUsage: true,
		toolIDs: map[string]string{"tooluse_gw0123456789abcdef0123456789abcdef": "functions.get_weather:1"}}},
	{name: "reasoning", st: State{Model: "claude-sonnet"}},
	{name: "json_mode", st: State{Model: "gpt-4o", JSONTool: "json_tool_call"}},
	{name: "throttling", st: State{Model: "claude-sonnet"}},
	{name: "validation", st: State{Model: "claude-sonnet"}},
	{name: "model_stream_error", st: State{Model: "claude-sonnet"}},
	{name: "no_message_stop", st: State{Model: "claude-sonnet"}},
	{name: "unknown_event", st: State{Model: "claude-sonnet"}},
}

func (c streamGoldenCase) eventsName() string {
	if c.events != "" {
		return c.events
	}
	return c.name
}

func (c streamGoldenCase) newStream() *Stream {
	st := c.st
	s := NewStream(&st, respTestID, respTestCreated)
	s.Upstream.Account = "prod"
	s.Upstream.Region = "us-east-1"
	s.Upstream.ModelID = "us.anthropic.claude-sonnet-4-20250514-v1:0"
	return s
}

// TestStreamGolden feeds each recorded event sequence through the
// wire encoding and the transcoder and compares the SSE text with
// testdata/stream/<name>.golden.sse.
func TestStreamGolden(t *testing.T) {
	for _, c := range streamGoldenCases {
		t.Run(c.name, func(t *testing.T) {
			wire := encodeStream(t, loadStreamEvents(t, c.eventsName()))
			got, err := translatetest.Transcode(c.newStream(), bytes.NewReader(wire))
			if err != nil {
				t.Fatal(err)
			}
			translatetest.CheckSSE(t, got)
			translatetest.Compare(t, filepath.Join("testdata", "stream", c.name+".golden.sse"), got)
		})
	}
}

// TestStreamPartialFrames delivers the wire bytes one at a time: frames
// split anywhere must give the same SSE as whole frames.
func TestStreamPartialFrames(t *testing.T) {
	for _, c := range streamGoldenCases {
		t.Run(c.name, func(t *testing.T) {
			wire := encodeStream(t, loadStreamEvents(t, c.eventsName()))
			whole, err := translatetest.Transcode(c.newStream(), bytes.NewReader(wire))
			if err != nil {
				t.Fatal(err)
			}
			split, err := translatetest.Transcode(c.newStream(), iotest.OneByteReader(bytes.NewReader(wire)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(whole, split) {
				t.Errorf("one byte at a time:\n%s\nwhole frames:\n%s", split, whole)
			}
		})
	}
}

// TestStreamAccumulates checks that a client accumulating the chunks
// of a stream rebuilds what Response answers for the same response.
func TestStreamAccumulates(t *testing.T) {
	wire := encodeStream(t, loadStreamEvents(t, "tools"))
	st := State{Model: "m", IncludeUsage: true}
	sse, err := translatetest.Transcode(NewStream(&st, "id", 1), bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	var content, finish string
	args := map[int]string{}
	ids := map[int]string{}
	var usage *struct {
		Prompt int `json:"prompt_tokens"`
	}
	for _, data := range translatetest.SSEData(t, sse) {
		if data == "[DONE]" {
			continue
		}
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content   string `json:"content"`
					ToolCalls []struct {
						Index    int    `json:"index"`
						ID       string `json:"id"`
						Function struct {
							Arguments string `json:"arguments"`
						} `json:"function"`
					} `json:"tool_calls"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
			Usage *struct {
				Prompt int `json:"prompt_tokens"`
			} `json:"usage"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			t.Fatal(err)
		}
		if chunk.Usage != nil {
			usage = chunk.Usage
		}
		for _, ch := range chunk.Choices {
			content += ch.Delta.Content
			for _, tc := range ch.Delta.ToolCalls {
				args[tc.Index] += tc.Function.Arguments
				if tc.ID != "" {
					ids[tc.Index] = tc.ID
				}
			}
			if ch.FinishReason != nil {
				finish = *ch.FinishReason
			}
		}
	}
	if content != "Checking both cities." || finish != "tool_calls" || usage == nil || usage.Prompt != 415 {
		t.Errorf("content %q finish %q usage %+v", content, finish, usage)
	}
	for k, want := range []string{`{"location": "Paris, France"}`, `{"location": "Tōkyō \"JP\""}`} {
		if args[k] != want {
			t.Errorf("tool %d arguments %q, want %q", k, args[k], want)
		}
	}
	if ids[0] != "tooluse_8Zb9Xk3pQn2aR4tY6uW1vA" || ids[1] != "tooluse_gw0123456789abcdef0123456789abcdef" {
		t.Errorf("ids %v", ids)
	}
}
