package translatetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// ReadJSON decodes the JSON file at path, a recorded stream, into v.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// Wire encodes the frame of each recorded item as it travels.
func Wire[T any](t testing.TB, items []T, frame func(T) eventstream.Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := eventstream.NewEncoder()
	for _, it := range items {
		if err := enc.Encode(&buf, frame(it)); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// Transcoder is a transcoder of one Bedrock event stream into SSE:
// converse.Stream, invoke.Stream.
type Transcoder interface {
	Message(dst []byte, msg *eventstream.Message) (out []byte, terminal bool)
	End(dst []byte) []byte
}

// Transcode decodes the event stream in r frame by frame, as the handler
// does, and returns the SSE text s writes.
func Transcode(s Transcoder, r io.Reader) ([]byte, error) {
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
