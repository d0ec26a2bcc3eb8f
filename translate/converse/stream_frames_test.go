package converse

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// Single frames: malformed payloads, exception and error frames, Fail,
// usage.

func TestStreamMalformed(t *testing.T) {
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
		st := State{Model: "m"}
		s := NewStream(&st, "id", 1)
		m := recordedFrame(recordedEvent{Type: tc.typ, Payload: json.RawMessage(`{}`)})
		m.Payload = []byte(tc.payload)
		out, terminal := s.Message([]byte("x"), &m)
		want := `xdata: {"error":{"message":"bedrock: Bedrock sent an unreadable ` + tc.typ +
			` event","type":"upstream_error","param":null,"code":null}}` + "\n\n"
		if !terminal || string(out) != want {
			t.Errorf("%s %s: terminal %v, got %q", tc.typ, tc.payload, terminal, out)
		}
		if k := s.Err().Kind; k != translate.FailUnavailable {
			// Before any content, the router may fail over, as on InvokeModel.
			t.Errorf("%s %s: kind %v, want FailUnavailable", tc.typ, tc.payload, k)
		}
		if out := s.End(nil); len(out) != 0 {
			t.Errorf("%s %s: End after an error wrote %q", tc.typ, tc.payload, out)
		}
	}
}

func TestStreamFrames(t *testing.T) {
	st := State{Model: "m"}
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
			s := NewStream(&st, "id", 1)
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
				if out := s.Fail(nil, &translate.Error{Message: "x"}); len(out) != 0 {
					t.Errorf("Fail after the error: %q", out)
				}
			}
		})
	}
}

func TestStreamFail(t *testing.T) {
	st := State{Model: "m"}
	s := NewStream(&st, "id", 1)
	start := recordedFrame(recordedEvent{Type: "messageStart", Payload: json.RawMessage(`{"role":"assistant"}`)})
	out, _ := s.Message(nil, &start)
	out = s.Fail(out, &translate.Error{Status: http.StatusBadGateway, Type: translate.ErrUpstream, Message: "the connection to Bedrock broke"})
	want := `data: {"id":"id","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}` + "\n\n" +
		`data: {"error":{"message":"the connection to Bedrock broke","type":"upstream_error","param":null,"code":null}}` + "\n\n"
	if string(out) != want {
		t.Errorf("got %s\nwant %s", out, want)
	}
	if out := s.End(nil); len(out) != 0 {
		t.Errorf("End after Fail: %q", out)
	}
}

func TestStreamUsage(t *testing.T) {
	wire := encodeStream(t, loadStreamEvents(t, "usage_cache"))
	st := State{Model: "m"}
	s := NewStream(&st, "id", 1)
	sse, err := translatetest.Transcode(s, bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	want := translate.Usage{PromptTokens: 4006, CompletionTokens: 4, TotalTokens: 4010, CachedTokens: 3800, CacheWriteTokens: 200}
	if s.Usage() != want {
		t.Errorf("Usage() = %+v, want %+v", s.Usage(), want)
	}
	if bytes.Contains(sse, []byte(`"usage"`)) {
		t.Errorf("usage chunk sent without include_usage:\n%s", sse)
	}
}
