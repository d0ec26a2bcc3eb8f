package translate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// recordedEvent is one frame of a recorded ConverseStream response, as stored
// in testdata/converse_stream/<name>.events.json.
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
	b, err := os.ReadFile(filepath.Join("testdata", "converse_stream", name+".events.json"))
	if err != nil {
		t.Fatal(err)
	}
	var evs []recordedEvent
	if err := json.Unmarshal(b, &evs); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return evs
}

// encodeStream encodes the frames of evs as they travel on the wire.
func encodeStream(t testing.TB, evs []recordedEvent) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := eventstream.NewEncoder()
	for _, ev := range evs {
		if err := enc.Encode(&buf, recordedFrame(ev)); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// transcodeStream decodes the event stream in r frame by frame, as the handler
// does, and returns the SSE text written.
func transcodeStream(s *BedrockStream, r io.Reader) ([]byte, error) {
	dec := eventstream.NewDecoder()
	var out, payload []byte
	for {
		msg, err := dec.Decode(r, payload[:0])
		if errors.Is(err, io.EOF) {
			return s.End(out), nil
		}
		if err != nil {
			return out, err
		}
		payload = msg.Payload
		var terminal bool
		if out, terminal = s.Message(out, &msg); terminal {
			return out, nil
		}
	}
}

type streamGoldenCase struct {
	name   string
	events string // events file, if not name
	st     ConverseState
}

var streamGoldenCases = []streamGoldenCase{
	{name: "text", st: ConverseState{Model: "claude-sonnet"}},
	{name: "text_usage", events: "text", st: ConverseState{Model: "claude-sonnet", IncludeUsage: true}},
	{name: "usage_cache", st: ConverseState{Model: "claude-sonnet", IncludeUsage: true}},
	{name: "tools", st: ConverseState{Model: "claude-sonnet", IncludeUsage: true,
		toolIDs: map[string]string{"tooluse_gw0123456789abcdef0123456789abcdef": "functions.get_weather:1"}}},
	{name: "reasoning", st: ConverseState{Model: "claude-sonnet"}},
	{name: "json_mode", st: ConverseState{Model: "gpt-4o", JSONTool: "json_tool_call"}},
	{name: "throttling", st: ConverseState{Model: "claude-sonnet"}},
	{name: "validation", st: ConverseState{Model: "claude-sonnet"}},
	{name: "model_stream_error", st: ConverseState{Model: "claude-sonnet"}},
	{name: "no_message_stop", st: ConverseState{Model: "claude-sonnet"}},
	{name: "unknown_event", st: ConverseState{Model: "claude-sonnet"}},
}

func (c streamGoldenCase) eventsName() string {
	if c.events != "" {
		return c.events
	}
	return c.name
}

func (c streamGoldenCase) newStream() *BedrockStream {
	st := c.st
	s := NewBedrockStream(&st, respTestID, respTestCreated)
	s.Upstream.Account = "prod"
	s.Upstream.Region = "us-east-1"
	s.Upstream.ModelID = "us.anthropic.claude-sonnet-4-20250514-v1:0"
	return s
}

// TestBedrockStreamGolden feeds each recorded event sequence through the
// wire encoding and the transcoder and compares the SSE text with
// testdata/converse_stream/<name>.golden.sse.
func TestBedrockStreamGolden(t *testing.T) {
	for _, c := range streamGoldenCases {
		t.Run(c.name, func(t *testing.T) {
			wire := encodeStream(t, loadStreamEvents(t, c.eventsName()))
			got, err := transcodeStream(c.newStream(), bytes.NewReader(wire))
			if err != nil {
				t.Fatal(err)
			}
			translatetest.CheckSSE(t, got)
			translatetest.Compare(t, filepath.Join("testdata", "converse_stream", c.name+".golden.sse"), got)
		})
	}
}

// TestBedrockStreamPartialFrames delivers the wire bytes one at a time: frames
// split anywhere must give the same SSE as whole frames.
func TestBedrockStreamPartialFrames(t *testing.T) {
	for _, c := range streamGoldenCases {
		t.Run(c.name, func(t *testing.T) {
			wire := encodeStream(t, loadStreamEvents(t, c.eventsName()))
			whole, err := transcodeStream(c.newStream(), bytes.NewReader(wire))
			if err != nil {
				t.Fatal(err)
			}
			split, err := transcodeStream(c.newStream(), iotest.OneByteReader(bytes.NewReader(wire)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(whole, split) {
				t.Errorf("one byte at a time:\n%s\nwhole frames:\n%s", split, whole)
			}
		})
	}
}

// TestBedrockStreamAccumulates checks that a client accumulating the chunks
// of a stream rebuilds what FromConverse answers for the same response.
func TestBedrockStreamAccumulates(t *testing.T) {
	wire := encodeStream(t, loadStreamEvents(t, "tools"))
	st := ConverseState{Model: "m", IncludeUsage: true}
	sse, err := transcodeStream(NewBedrockStream(&st, "id", 1), bytes.NewReader(wire))
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

func TestBedrockStreamMalformed(t *testing.T) {
	for _, tc := range []struct{ typ, payload string }{
		{"messageStart", `{"role":`},
		{"messageStart", `[]`},
		{"messageStart", ``},
		{"contentBlockDelta", `not json`},
		{"contentBlockDelta", `{"contentBlockIndex":0,"delta":"text"}`},
		{"contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":42}}`},
		{"contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":"a"}} trailing`},
		{"contentBlockDelta", `{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{}"}}}`}, // never started
		{"contentBlockDelta", `{"contentBlockIndex":-1,"delta":{"toolUse":{"input":"{}"}}}`},
		{"contentBlockDelta", `{"contentBlockIndex":0,"delta":{"toolUse":{"input":{}}}}`},
		{"contentBlockDelta", `{"contentBlockIndex":0,"delta":{"reasoningContent":"x"}}`},
		{"contentBlockDelta", `{"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":1}}}`},
		{"contentBlockStart", `{"contentBlockIndex":"1","start":{"toolUse":{"toolUseId":"a","name":"b"}}}`},
		{"contentBlockStart", `{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"a"}}}`},
		{"contentBlockStart", `{"contentBlockIndex":1,"start":{"toolUse":[]}}`},
		{"messageStop", `{"stopReason":null}`},
		{"metadata", `{"usage":{"inputTokens":1.5}}`},
		{"metadata", `{"usage":[]}`},
		{"contentBlockStop", `{"contentBlockIndex":0`},
	} {
		st := ConverseState{Model: "m"}
		s := NewBedrockStream(&st, "id", 1)
		m := recordedFrame(recordedEvent{Type: tc.typ, Payload: json.RawMessage(`{}`)})
		m.Payload = []byte(tc.payload)
		out, terminal := s.Message([]byte("x"), &m)
		want := `xdata: {"error":{"message":"bedrock: Bedrock sent an unreadable ` + tc.typ +
			` event","type":"upstream_error","param":null,"code":null}}` + "\n\n"
		if !terminal || string(out) != want {
			t.Errorf("%s %s: terminal %v, got %q", tc.typ, tc.payload, terminal, out)
		}
		if out := s.End(nil); len(out) != 0 {
			t.Errorf("%s %s: End after an error wrote %q", tc.typ, tc.payload, out)
		}
	}
}

func TestBedrockStreamFrames(t *testing.T) {
	st := ConverseState{Model: "m"}
	errFrame := func(code, msg string) eventstream.Message {
		var m eventstream.Message
		m.Headers.Set(":message-type", eventstream.StringValue("error"))
		m.Headers.Set(":error-code", eventstream.StringValue(code))
		m.Headers.Set(":error-message", eventstream.StringValue(msg))
		return m
	}
	for _, tc := range []struct {
		name     string
		msg      eventstream.Message
		want     string
		terminal bool
	}{
		{
			name: "error frame", msg: errFrame("InternalFailure", "An internal error occurred for 123456789012"), terminal: true,
			want: `data: {"error":{"message":"bedrock account \"prod\": InternalFailure: An internal error occurred for <account>","type":"upstream_error","param":null,"code":null}}` + "\n\n",
		},
		{
			name: "error frame, throttling", msg: errFrame("ThrottlingException", "slow down"), terminal: true,
			want: `data: {"error":{"message":"bedrock account \"prod\": ThrottlingException: slow down","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}` + "\n\n",
		},
		{
			name: "exception without JSON payload", terminal: true,
			msg: func() eventstream.Message {
				m := recordedFrame(recordedEvent{Type: "internalServerException", Exception: true, Payload: json.RawMessage(`{}`)})
				m.Payload = []byte("plain text")
				return m
			}(),
			want: `data: {"error":{"message":"bedrock account \"prod\": internalServerException: plain text","type":"upstream_error","param":null,"code":null}}` + "\n\n",
		},
		{
			name: "serviceUnavailable", terminal: true,
			msg:  recordedFrame(recordedEvent{Type: "serviceUnavailableException", Exception: true, Payload: json.RawMessage(`{"message":"Bedrock is unable to process your request."}`)}),
			want: `data: {"error":{"message":"bedrock account \"prod\": serviceUnavailableException: Bedrock is unable to process your request.","type":"upstream_error","param":null,"code":null}}` + "\n\n",
		},
		{
			name: "modelTimeout", terminal: true,
			msg:  recordedFrame(recordedEvent{Type: "modelTimeoutException", Exception: true, Payload: json.RawMessage(`{"message":"Model has timed out."}`)}),
			want: `data: {"error":{"message":"bedrock account \"prod\": modelTimeoutException: Model has timed out.","type":"timeout_error","param":null,"code":null}}` + "\n\n",
		},
		{name: "unknown message type", msg: func() eventstream.Message {
			var m eventstream.Message
			m.Headers.Set(":message-type", eventstream.StringValue("ping"))
			return m
		}()},
		{name: "no headers", msg: eventstream.Message{Payload: []byte(`{}`)}},
		{name: "event type not a string", msg: func() eventstream.Message {
			var m eventstream.Message
			m.Headers.Set(":message-type", eventstream.StringValue("event"))
			m.Headers.Set(":event-type", eventstream.Int32Value(3))
			m.Payload = []byte(`{}`)
			return m
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewBedrockStream(&st, "id", 1)
			s.Upstream.Account = "prod"
			out, terminal := s.Message(nil, &tc.msg)
			if string(out) != tc.want || terminal != tc.terminal {
				t.Errorf("got %q terminal %v\nwant %q terminal %v", out, terminal, tc.want, tc.terminal)
			}
			if (s.Err() != nil) != tc.terminal {
				t.Errorf("Err() = %v", s.Err())
			}
			if terminal {
				// Nothing may follow an error event.
				more := recordedFrame(recordedEvent{Type: "messageStart", Payload: json.RawMessage(`{"role":"assistant"}`)})
				if out, terminal := s.Message(nil, &more); len(out) != 0 || !terminal {
					t.Errorf("after the error: %q %v", out, terminal)
				}
				if out := s.End(nil); len(out) != 0 {
					t.Errorf("End after the error: %q", out)
				}
				if out := s.Fail(nil, &Error{Message: "x"}); len(out) != 0 {
					t.Errorf("Fail after the error: %q", out)
				}
			}
		})
	}
}

func TestBedrockStreamFail(t *testing.T) {
	st := ConverseState{Model: "m"}
	s := NewBedrockStream(&st, "id", 1)
	start := recordedFrame(recordedEvent{Type: "messageStart", Payload: json.RawMessage(`{"role":"assistant"}`)})
	out, _ := s.Message(nil, &start)
	out = s.Fail(out, &Error{Status: http.StatusBadGateway, Type: ErrUpstream, Message: "the connection to Bedrock broke"})
	want := `data: {"id":"id","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}` + "\n\n" +
		`data: {"error":{"message":"the connection to Bedrock broke","type":"upstream_error","param":null,"code":null}}` + "\n\n"
	if string(out) != want {
		t.Errorf("got %s\nwant %s", out, want)
	}
	if out := s.End(nil); len(out) != 0 {
		t.Errorf("End after Fail: %q", out)
	}
}

func TestBedrockStreamUsage(t *testing.T) {
	wire := encodeStream(t, loadStreamEvents(t, "usage_cache"))
	st := ConverseState{Model: "m"}
	s := NewBedrockStream(&st, "id", 1)
	sse, err := transcodeStream(s, bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	want := Usage{PromptTokens: 4006, CompletionTokens: 4, TotalTokens: 4010, CachedTokens: 3800, CacheWriteTokens: 200}
	if s.Usage() != want {
		t.Errorf("Usage() = %+v, want %+v", s.Usage(), want)
	}
	if bytes.Contains(sse, []byte(`"usage"`)) {
		t.Errorf("usage chunk sent without include_usage:\n%s", sse)
	}
}

// streamFuzzSeeds are the recorded sequences, wire-encoded.
func streamFuzzSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	for _, name := range []string{"text", "tools", "reasoning", "json_mode", "throttling", "model_stream_error"} {
		seeds[name] = encodeStream(t, loadStreamEvents(t, name))
	}
	return seeds
}

func FuzzBedrockStream(f *testing.F) {
	for _, wire := range streamFuzzSeeds(f) {
		f.Add(wire)
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		for _, st := range []ConverseState{{Model: "m"}, {Model: "m", IncludeUsage: true, JSONTool: "search"}} {
			s := NewBedrockStream(&st, "id", 1)
			out, _ := transcodeStream(s, bytes.NewReader(wire))
			translatetest.CheckSSE(t, out)
		}
	})
}

// TestFuzzCorpus keeps testdata/fuzz/FuzzBedrockStream in step with the
// recorded sequences; -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for name, wire := range streamFuzzSeeds(t) {
		path := filepath.Join("testdata", "fuzz", "FuzzBedrockStream", name)
		translatetest.Compare(t, path, fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", wire))
	}
}

// FuzzBedrockStreamEvent skips the frame checksums, which random mutation
// rarely gets past, to fuzz the payload reader itself; encoding/json is
// the oracle for what a text delta says.
func FuzzBedrockStreamEvent(f *testing.F) {
	for _, name := range []string{"text", "tools", "reasoning", "json_mode", "unknown_event"} {
		for _, ev := range loadStreamEvents(f, name) {
			f.Add(ev.Type, []byte(ev.Payload))
		}
	}
	f.Fuzz(func(t *testing.T, typ string, payload []byte) {
		st := ConverseState{Model: "m", IncludeUsage: true}
		s := NewBedrockStream(&st, "id", 1)
		start := recordedFrame(recordedEvent{Type: "contentBlockStart",
			Payload: json.RawMessage(`{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t","name":"n"}}}`)})
		s.Message(nil, &start)
		msg := recordedFrame(recordedEvent{Type: typ, Payload: json.RawMessage(`{}`)})
		msg.Payload = payload
		out, terminal := s.Message(nil, &msg)
		if !terminal {
			out = s.End(out)
		}
		translatetest.CheckSSE(t, out)

		if typ != "contentBlockDelta" || terminal {
			return
		}
		// Maps, not structs: encoding/json matches struct fields without
		// regard to case, Bedrock's reader does not.
		var top, delta map[string]json.RawMessage
		if json.Unmarshal(payload, &top) != nil {
			t.Fatalf("accepted a payload encoding/json refuses: %q", payload)
		}
		if json.Unmarshal(top["delta"], &delta) != nil {
			t.Fatalf("accepted a delta encoding/json refuses: %q", payload)
		}
		text, ok := delta["text"]
		if !ok {
			return
		}
		var wantText string
		if json.Unmarshal(text, &wantText) != nil {
			t.Fatalf("accepted a text encoding/json refuses: %q", payload)
		}
		var got string
		for _, d := range translatetest.SSEData(t, out) {
			var chunk struct {
				Choices []struct {
					Delta struct {
						Content string `json:"content"`
					} `json:"delta"`
				} `json:"choices"`
			}
			if json.Unmarshal([]byte(d), &chunk) == nil && len(chunk.Choices) > 0 {
				got += chunk.Choices[0].Delta.Content
			}
		}
		if got != wantText {
			t.Fatalf("text %q, encoding/json reads %q from %q", got, wantText, payload)
		}
	})
}

func BenchmarkBedrockStreamEvent(b *testing.B) {
	for _, bc := range []struct{ name, typ, payload string }{
		{"text", "contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":" the quick brown fox jumps over the lazy dog"},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}`},
		{"text_escaped", "contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":"line one\nline \"two\" é"},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}`},
		{"tool_input", "contentBlockDelta", `{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"location\": \"Par"}},"p":"abcdefghijklmnopq"}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := ConverseState{Model: "claude-sonnet"}
			s := NewBedrockStream(&st, respTestID, respTestCreated)
			start := recordedFrame(recordedEvent{Type: "contentBlockStart",
				Payload: json.RawMessage(`{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_x","name":"get_weather"}}}`)})
			dst, _ := s.Message(nil, &start)
			msg := recordedFrame(recordedEvent{Type: bc.typ, Payload: json.RawMessage(bc.payload)})
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
