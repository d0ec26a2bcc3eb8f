package translatetest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// Event is one frame of a recorded InvokeModelWithResponseStream answer,
// as the InvokeModel families' testdata holds them: a chunk (the model's
// own JSON), or an exception with its type and message.
type Event struct {
	Chunk     json.RawMessage `json:"chunk,omitempty"`
	Exception string          `json:"exception,omitempty"`
	Message   string          `json:"message,omitempty"`
}

// LoadEvents reads a file of recorded events.
func LoadEvents(t testing.TB, path string) []Event {
	t.Helper()
	var evs []Event
	ReadJSON(t, path, &evs)
	return evs
}

// Padding is a "p" field for chunk payloads, as AWS pads them to hide
// their length: readers must pass over it. Tests that check that pass it
// as pad; those whose fuzz corpus holds the wire pass "".
const Padding = "abcdefghij"

// EncodeEvents encodes the frames of evs as they travel on the wire, their
// chunks' payloads padded with pad.
func EncodeEvents(t testing.TB, evs []Event, pad string) []byte {
	t.Helper()
	return Wire(t, evs, func(ev Event) eventstream.Message { return ev.Frame(pad) })
}

// Frame builds the frame Bedrock sends for ev, a chunk's payload padded
// with pad. A chunk's JSON is compacted, as Bedrock sends it; a chunk
// that is not JSON (a fuzzer's) is sent as it is.
func (ev Event) Frame(pad string) eventstream.Message {
	if ev.Exception != "" {
		var m eventstream.Message
		m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
		m.Headers.Set(":message-type", eventstream.StringValue("exception"))
		m.Headers.Set(":exception-type", eventstream.StringValue(ev.Exception))
		m.Payload, _ = json.Marshal(map[string]string{"message": ev.Message})
		return m
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, ev.Chunk); err != nil {
		return ChunkFrame(ev.Chunk, pad)
	}
	return ChunkFrame(compact.Bytes(), pad)
}

// ChunkFrame builds a chunk event carrying chunk, whatever it is, its
// payload padded with pad.
func ChunkFrame(chunk []byte, pad string) eventstream.Message {
	var m eventstream.Message
	m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	m.Headers.Set(":message-type", eventstream.StringValue("event"))
	m.Headers.Set(":event-type", eventstream.StringValue("chunk"))
	m.Payload = ChunkPayload(chunk, pad)
	return m
}

// ChunkPayload is the payload of a chunk event carrying chunk: its bytes
// in base64, and a "p" field holding pad unless pad is empty.
func ChunkPayload(chunk []byte, pad string) []byte {
	b := append([]byte(`{"bytes":"`), base64.StdEncoding.EncodeToString(chunk)...)
	b = append(b, '"')
	if pad != "" {
		b = append(b, `,"p":"`+pad+`"`...)
	}
	return append(b, '}')
}
