package translatetest

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// Transcoder is a transcoder of Bedrock's event streams into SSE, fed one
// decoded frame at a time: converse.Stream and invoke.Stream.
type Transcoder interface {
	Message(dst []byte, msg *eventstream.Message) (out []byte, terminal bool)
	End(dst []byte) []byte
}

// Transcode decodes the event stream in r frame by frame, as the gateway
// does, and returns the SSE text t writes.
func Transcode(t Transcoder, r io.Reader) ([]byte, error) {
	dec := eventstream.NewDecoder()
	var out, payload []byte
	for {
		msg, err := dec.Decode(r, payload[:0])
		if errors.Is(err, io.EOF) {
			return t.End(out), nil
		}
		if err != nil {
			return out, err
		}
		payload = msg.Payload
		var terminal bool
		if out, terminal = t.Message(out, &msg); terminal {
			return out, nil
		}
	}
}

// EncodeFrames encodes msgs as they travel on the wire.
func EncodeFrames(tb testing.TB, msgs []eventstream.Message) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := eventstream.NewEncoder()
	for _, m := range msgs {
		if err := enc.Encode(&buf, m); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}
