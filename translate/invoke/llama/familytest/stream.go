package familytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// StreamCase is one recorded stream, transcoded for one request.
type StreamCase struct {
	Name string
	// Events is the recorded stream's file, if not Name.
	Events string
	State  invoke.State
}

func (c StreamCase) events(tb testing.TB) []translatetest.Event {
	name := c.Events
	if name == "" {
		name = c.Name
	}
	return translatetest.LoadEvents(tb, filepath.Join("testdata", "stream", name+".events.json"))
}

// Wire is the case's stream as Bedrock sends it, its chunks unpadded:
// llama's FuzzStream corpus holds these bytes.
func (c StreamCase) Wire(tb testing.TB) []byte {
	return translatetest.EncodeEvents(tb, c.events(tb), "")
}

// Stream returns a fresh transcoder for the case, as the handler makes
// one for a production account.
func (c StreamCase) Stream(f invoke.Family) *invoke.Stream {
	st := c.State
	s := invoke.NewStream(f, &st, ID, Created)
	s.Upstream.Account = "prod"
	s.Upstream.Region = "us-east-1"
	return s
}

// StreamGolden feeds each recorded stream through the wire encoding and
// invoke.Stream with f's reader, and compares the whole SSE text with
// testdata/stream/<name>.golden.sse. It then feeds the wire one byte at
// a time: frames split anywhere must give the same SSE.
func StreamGolden(t *testing.T, f invoke.Family, cases []StreamCase) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			translatetest.CheckStreamGolden(t, c.Wire(t), filepath.Join("testdata", "stream", c.Name+".golden.sse"),
				func() translatetest.Transcoder { return c.Stream(f) })
		})
	}
}

// Seeds are the chunks of the cases' recorded streams, compact, for a
// fuzz target's corpus.
func Seeds(tb testing.TB, cases []StreamCase) map[string][]byte {
	seeds := map[string][]byte{}
	for _, c := range cases {
		if c.Events != "" {
			continue
		}
		for i, ev := range c.events(tb) {
			if ev.Chunk != nil {
				var compact bytes.Buffer
				_ = json.Compact(&compact, ev.Chunk)
				seeds[fmt.Sprintf("%s_%d", c.Name, i)] = compact.Bytes()
			}
		}
	}
	return seeds
}

// CheckCorpus keeps testdata/fuzz/<target> in step with seeds; -update
// rewrites it.
func CheckCorpus(t *testing.T, target string, seeds map[string][]byte) {
	for name, seed := range seeds {
		translatetest.Compare(t, filepath.Join("testdata", "fuzz", target, name), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", seed))
	}
}

// ChunkAfter feeds chunk through a fresh transcoder of f for st, after
// the chunk first, and ends the stream. It returns what chunk made the
// transcoder write, the whole SSE text, and whether chunk was taken
// rather than refused with an error.
func ChunkAfter(f invoke.Family, st invoke.State, first, chunk []byte) (sent, sse []byte, taken bool) {
	s := invoke.NewStream(f, &st, ID, Created)
	firstMsg := translatetest.Event{Chunk: first}.Frame("")
	out, _ := s.Message(nil, &firstMsg)
	start := len(out)
	msg := translatetest.Event{Chunk: chunk}.Frame("")
	out, terminal := s.Message(out, &msg)
	taken = !terminal || s.Err() == nil
	sent = out[start:]
	if !terminal {
		out = s.End(out)
	}
	return sent, out, taken
}

// Said collects what SSE text says: the content (a chat's) or text (a
// text completion's), and the reasoning.
func Said(t testing.TB, sse []byte) (text, reasoning string) {
	for _, d := range translatetest.SSEData(t, sse) {
		var c struct {
			Choices []struct {
				Text  string `json:"text"`
				Delta struct {
					Content   string `json:"content"`
					Reasoning string `json:"reasoning_content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if json.Unmarshal([]byte(d), &c) == nil && len(c.Choices) > 0 {
			text += c.Choices[0].Text + c.Choices[0].Delta.Content
			reasoning += c.Choices[0].Delta.Reasoning
		}
	}
	return text, reasoning
}

// BenchChunk measures the transcoding of one chunk, base64 and all, in
// the middle of a stream for st.
func BenchChunk(b *testing.B, f invoke.Family, st invoke.State, chunk string) {
	s := invoke.NewStream(f, &st, ID, Created)
	msg := translatetest.Event{Chunk: json.RawMessage(chunk)}.Frame("")
	dst, _ := s.Message(nil, &msg)
	b.SetBytes(int64(len(msg.Payload)))
	b.ReportAllocs()
	for b.Loop() {
		var terminal bool
		if dst, terminal = s.Message(dst[:0], &msg); terminal {
			b.Fatalf("%s", dst)
		}
	}
}
