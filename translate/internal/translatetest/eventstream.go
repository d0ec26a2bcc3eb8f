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

// EncodeFrames encodes the frame of each recorded event as it travels
// on the wire, with the AWS SDK's encoder; frame builds the message AWS
// sends for an event.
func EncodeFrames[E any](tb testing.TB, events []E, frame func(E) eventstream.Message) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := eventstream.NewEncoder()
	for _, ev := range events {
		if err := enc.Encode(&buf, frame(ev)); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}

// ReadJSON decodes the JSON file at path (recorded events, ...) into v.
func ReadJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

// Transcoder turns Bedrock event-stream frames into SSE, as
// converse.Stream and invoke.Stream do.
type Transcoder interface {
	Message(dst []byte, msg *eventstream.Message) (out []byte, terminal bool)
	End(dst []byte) []byte
}

// Transcode decodes the event stream in r frame by frame with the AWS
// SDK's decoder, as the backend does, and returns the SSE text s writes.
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
