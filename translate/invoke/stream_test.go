package invoke

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// echoFamily is a family whose chunks are {"t": text} and {"stop": reason}.
type echoFamily struct{}

func (echoFamily) Chat(*translate.ChatRequest, *Options) ([]byte, *State, *translate.Error) {
	return nil, &State{}, nil
}
func (echoFamily) Text(*translate.TextRequest, *Options) ([]byte, *State, *translate.Error) {
	return nil, &State{}, nil
}
func (echoFamily) Answer([]byte, *State, *translate.Answer) *translate.Error { return nil }
func (echoFamily) Chunks(*State) ChunkReader                                 { return echoReader{} }

type echoReader struct{}

func (echoReader) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	if v, ok := jsonw.Lookup(chunk, "t"); ok {
		w.Text(jsonw.AppendUnquoted(nil, v))
	}
	if v, ok := jsonw.Lookup(chunk, "stop"); ok {
		w.Finish(string(jsonw.AppendUnquoted(nil, v)))
	}
	if _, ok := jsonw.Lookup(chunk, "bad"); ok {
		return translate.BadRequest("", "bad chunk")
	}
	return nil
}

func chunkFrame(json string) *eventstream.Message {
	m := translatetest.ChunkFrame([]byte(json), translatetest.Padding)
	return &m
}

func TestStream(t *testing.T) {
	s := NewStream(echoFamily{}, &State{Answering: translate.Answering{Alias: "m", IncludeUsage: true}}, "id", 1)
	s.Upstream.Account = "prod"
	var out []byte
	for _, c := range []string{`{"t":"Hel"}`, `{"t":"lo"}`,
		`{"stop":"stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":7,"outputTokenCount":2,"invocationLatency":100,"firstByteLatency":50}}`} {
		var terminal bool
		if out, terminal = s.Message(out, chunkFrame(c)); terminal {
			t.Fatalf("terminal after %s", c)
		}
	}
	out = s.End(out)
	got := string(out)
	for _, want := range []string{`"content":"Hel"`, `"content":"lo"`, `"finish_reason":"stop"`, `"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if !strings.HasSuffix(got, "data: [DONE]\n\n") || s.Usage().PromptTokens != 7 {
		t.Errorf("stream\n%s", got)
	}

	// An exception mid-stream is an error event, and the end.
	s = NewStream(echoFamily{}, &State{Answering: translate.Answering{Alias: "m"}}, "id", 1)
	out, _ = s.Message(nil, chunkFrame(`{"t":"Half"}`))
	exc := &eventstream.Message{Payload: []byte(`{"message":"Too many tokens"}`)}
	exc.Headers.Set(":message-type", eventstream.StringValue("exception"))
	exc.Headers.Set(":exception-type", eventstream.StringValue("throttlingException"))
	out, terminal := s.Message(out, exc)
	if !terminal || s.Err() == nil || s.Err().Kind != translate.FailThrottled || !strings.Contains(string(out), "Too many tokens") {
		t.Errorf("exception: %v %v\n%s", terminal, s.Err(), out)
	}
	if more := s.End(nil); len(more) != 0 {
		t.Errorf("after the error: %s", more)
	}

	// A stream without its finish is an error, never a made-up ending.
	s = NewStream(echoFamily{}, &State{Answering: translate.Answering{Alias: "m"}}, "id", 1)
	out, _ = s.Message(nil, chunkFrame(`{"t":"cut"}`))
	if got := string(s.End(out)); strings.Contains(got, "[DONE]") || !strings.Contains(got, "ended before the response was complete") {
		t.Errorf("cut off:\n%s", got)
	}

	// Unreadable chunks end the stream.
	for _, payload := range []string{`{"bytes":"!!!"}`, `{"nobytes":1}`, `not json`} {
		s = NewStream(echoFamily{}, &State{Answering: translate.Answering{Alias: "m"}}, "id", 1)
		m := &eventstream.Message{Payload: []byte(payload)}
		m.Headers.Set(":message-type", eventstream.StringValue("event"))
		m.Headers.Set(":event-type", eventstream.StringValue("chunk"))
		if _, terminal := s.Message(nil, m); !terminal || s.Err() == nil {
			t.Errorf("%s: not an error", payload)
		}
	}
}

func TestFamilyOf(t *testing.T) {
	Register("echo-test", echoFamily{}, "echo.")
	Register("echo-long-test", echoFamily{}, "echo.long-")
	for _, tc := range []struct {
		id, want string
		ok       bool
	}{
		{"echo.model-v1:0", "echo-test", true},
		{"us.echo.model-v1:0", "echo-test", true},
		{"echo.long-model", "echo-long-test", true},
		{"arn:aws:bedrock:us-east-1::foundation-model/echo.model-v1", "echo-test", true},
		{"arn:aws:bedrock:us-east-1:123456789012:imported-model/abc", "", false},
		{"other.model", "", false},
	} {
		got, ok := FamilyOf(tc.id)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %q %v", tc.id, got, ok)
		}
	}
}
