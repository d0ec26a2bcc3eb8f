package translatetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"testing"
	"testing/iotest"

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

// CheckSplitFrames transcodes wire in whole frames and one byte at a
// time, each with a new transcoder, and fails unless both give the same
// SSE: frames split anywhere must be read alike.
func CheckSplitFrames(t *testing.T, wire []byte, newStream func() Transcoder) {
	t.Helper()
	whole, err := Transcode(newStream(), bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	split, err := Transcode(newStream(), iotest.OneByteReader(bytes.NewReader(wire)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole, split) {
		t.Errorf("one byte at a time:\n%s\nwhole frames:\n%s", split, whole)
	}
}

// CheckStreamGolden transcodes wire and compares the SSE with the golden
// file at path, after checking its shape (CheckSSE); then that frames
// split anywhere read alike (CheckSplitFrames).
func CheckStreamGolden(t *testing.T, wire []byte, path string, newStream func() Transcoder) {
	t.Helper()
	got, err := Transcode(newStream(), bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	CheckSSE(t, got)
	Compare(t, path, got)
	CheckSplitFrames(t, wire, newStream)
}
