package amazon

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// frame is one frame of a recorded InvokeModelWithResponseStream answer,
// as stored in testdata/<family>/stream/<name>.frames.json: a chunk of
// the model's own JSON, or an exception.
type frame struct {
	Chunk     json.RawMessage `json:"chunk,omitempty"`
	Exception string          `json:"exception,omitempty"`
	Message   string          `json:"message,omitempty"`
}

// message builds the frame Bedrock sends: a chunk event whose payload is
// {"bytes":"<base64 of the chunk>","p":"..."}, padded as AWS pads them.
func (f frame) message(t testing.TB) eventstream.Message {
	var m eventstream.Message
	m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	if f.Exception != "" {
		m.Headers.Set(":message-type", eventstream.StringValue("exception"))
		m.Headers.Set(":exception-type", eventstream.StringValue(f.Exception))
		m.Payload, _ = json.Marshal(map[string]string{"message": f.Message})
		return m
	}
	var chunk bytes.Buffer
	if err := json.Compact(&chunk, f.Chunk); err != nil {
		t.Fatal(err)
	}
	m.Headers.Set(":message-type", eventstream.StringValue("event"))
	m.Headers.Set(":event-type", eventstream.StringValue("chunk"))
	m.Payload = []byte(`{"bytes":"` + base64.StdEncoding.EncodeToString(chunk.Bytes()) + `","p":"abcdefghij"}`)
	return m
}

func loadFrames(t testing.TB, path string) []frame {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fs []frame
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fs
}

// encodeFrames encodes frames as they travel on the wire.
func encodeFrames(t testing.TB, fs []frame) []byte {
	t.Helper()
	msgs := make([]eventstream.Message, len(fs))
	for i, f := range fs {
		msgs[i] = f.message(t)
	}
	return translatetest.Wire(t, msgs, func(m eventstream.Message) eventstream.Message { return m })
}
