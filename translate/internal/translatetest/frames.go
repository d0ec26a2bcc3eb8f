package translatetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// FrameStream is a transcoder of a Bedrock event stream (converse.Stream,
// invoke.Stream): it is fed decoded frames, then told the stream ended.
type FrameStream interface {
	Message(dst []byte, msg *eventstream.Message) (out []byte, terminal bool)
	End(dst []byte) []byte
}

// Transcode decodes the event stream in r frame by frame, as the handler
// does, and returns the SSE text s writes.
func Transcode(s FrameStream, r io.Reader) ([]byte, error) {
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

// CheckPartialFrames delivers wire one byte at a time: frames split
// anywhere must give the same SSE as whole frames. newStream makes a
// fresh transcoder for each pass.
func CheckPartialFrames(t *testing.T, newStream func() FrameStream, wire []byte) {
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

// Accumulated is what a client rebuilds from a chat stream's chunks.
type Accumulated struct {
	Content, Finish string
	// Args and IDs are the tool calls' arguments and ids by index.
	Args, IDs map[int]string
	// PromptTokens is the usage chunk's, -1 without one.
	PromptTokens int
}

// Accumulate rebuilds the answer a chat stream's SSE text carries, as a
// client accumulating its chunks does.
func Accumulate(t testing.TB, sse []byte) Accumulated {
	t.Helper()
	a := Accumulated{Args: map[int]string{}, IDs: map[int]string{}, PromptTokens: -1}
	for _, data := range SSEData(t, sse) {
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
			a.PromptTokens = chunk.Usage.Prompt
		}
		for _, ch := range chunk.Choices {
			a.Content += ch.Delta.Content
			for _, tc := range ch.Delta.ToolCalls {
				a.Args[tc.Index] += tc.Function.Arguments
				if tc.ID != "" {
					a.IDs[tc.Index] = tc.ID
				}
			}
			if ch.FinishReason != nil {
				a.Finish = *ch.FinishReason
			}
		}
	}
	return a
}
