package familytest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Event is one frame of a recorded InvokeModelWithResponseStream answer,
// as testdata/stream/<name>.events.json holds them: a chunk (the model's
// own JSON), or an exception with its type and message.
type Event struct {
	Chunk     json.RawMessage `json:"chunk,omitempty"`
	Exception string          `json:"exception,omitempty"`
	Message   string          `json:"message,omitempty"`
}

// Load reads a file of recorded events.
func Load(tb testing.TB, path string) []Event {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var evs []Event
	if err := json.Unmarshal(b, &evs); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return evs
}

// Frame builds the frame Bedrock sends for ev: a chunk event's payload is
// {"bytes": the chunk's JSON in base64}.
func Frame(ev Event) *eventstream.Message {
	m := &eventstream.Message{}
	m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	if ev.Exception != "" {
		m.Headers.Set(":message-type", eventstream.StringValue("exception"))
		m.Headers.Set(":exception-type", eventstream.StringValue(ev.Exception))
		m.Payload, _ = json.Marshal(map[string]string{"message": ev.Message})
		return m
	}
	m.Headers.Set(":message-type", eventstream.StringValue("event"))
	m.Headers.Set(":event-type", eventstream.StringValue("chunk"))
	var compact bytes.Buffer
	if err := json.Compact(&compact, ev.Chunk); err != nil {
		compact.Reset()
		compact.Write(ev.Chunk) // a fuzzer's chunk, sent as it is
	}
	m.Payload = ChunkPayload(compact.Bytes())
	return m
}

// ChunkPayload is the payload of a chunk event carrying chunk.
func ChunkPayload(chunk []byte) []byte {
	return []byte(`{"bytes":"` + base64.StdEncoding.EncodeToString(chunk) + `"}`)
}

// Encode encodes evs as they travel on the wire.
func Encode(tb testing.TB, evs []Event) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := eventstream.NewEncoder()
	for _, ev := range evs {
		if err := enc.Encode(&buf, *Frame(ev)); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}

// Transcode decodes the event stream in r frame by frame, as the handler
// does, and returns the SSE text s writes.
func Transcode(s *invoke.Stream, r io.Reader) ([]byte, error) {
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
