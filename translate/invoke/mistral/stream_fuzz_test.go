package mistral

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// fuzzSeeds are the recorded streams' chunks, one a line.
func fuzzSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	for _, c := range streamCases {
		var lines [][]byte
		for _, ev := range loadEvents(t, c.events()) {
			if ev.Chunk == nil {
				continue
			}
			var b bytes.Buffer
			if err := json.Compact(&b, ev.Chunk); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, b.Bytes())
		}
		seeds[c.events()] = bytes.Join(lines, []byte("\n"))
	}
	return seeds
}

// FuzzChunks feeds the chunk reader a stream whose chunks are the lines
// of the input, through invoke.Stream, for a chat (with a JSON tool and
// mapped tool ids) and a text completion. Whatever the chunks, the
// output is SSE events of JSON objects ending with [DONE] or an error,
// nothing after; and the text of prompt-shaped chunks is what
// encoding/json reads in them.
func FuzzChunks(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		chunks := bytes.Split(in, []byte("\n"))
		for _, st := range []*invoke.State{
			{Answering: translate.Answering{Alias: "m", IncludeUsage: true}, Family: &state{jsonTool: true, toolIDs: map[string]string{"kwN5WGm2g": "call_1"}}},
			{Answering: translate.Answering{Alias: "m", Text: true}},
		} {
			s := invoke.NewStream(family{}, st, "id", 1)
			var out []byte
			for _, c := range chunks {
				m := translatetest.ChunkFrame(c, translatetest.Padding)
				var terminal bool
				if out, terminal = s.Message(out, &m); terminal {
					break
				}
			}
			out = s.End(out)
			translatetest.CheckSSE(t, out)
			if st.Text && s.Err() == nil {
				if want, ok := outputsText(chunks); ok {
					if got := streamedText(t, out); got != want {
						t.Fatalf("text %q, encoding/json reads %q in %q", got, want, in)
					}
				}
			}
		}
	})
}

// outputsText is the text of prompt-shaped chunks as encoding/json reads
// it; ok is false when a chunk is not of that simple shape.
func outputsText(chunks [][]byte) (string, bool) {
	var text string
	for _, c := range chunks {
		// Maps, not structs: encoding/json matches struct fields
		// without regard to case, the reader does not.
		var top map[string]json.RawMessage
		var outputs []map[string]json.RawMessage
		if json.Unmarshal(c, &top) != nil || json.Unmarshal(top["outputs"], &outputs) != nil || len(top) != 1 {
			return "", false
		}
		for _, o := range outputs {
			var s *string
			if t, ok := o["text"]; ok && json.Unmarshal(t, &s) != nil {
				return "", false
			}
			if s != nil {
				text += *s
			}
		}
	}
	return text, true
}

// streamedText adds up a text completion stream's text.
func streamedText(t *testing.T, sse []byte) string {
	var text string
	for _, d := range translatetest.SSEData(t, sse) {
		var chunk struct {
			Choices []struct {
				Text string `json:"text"`
			} `json:"choices"`
		}
		if json.Unmarshal([]byte(d), &chunk) == nil {
			for _, c := range chunk.Choices {
				text += c.Text
			}
		}
	}
	return text
}

// TestFuzzCorpus keeps testdata/fuzz/FuzzChunks in step with the
// recorded streams; -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for name, seed := range fuzzSeeds(t) {
		path := filepath.Join("testdata", "fuzz", "FuzzChunks", name)
		translatetest.Compare(t, path, fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", seed))
	}
}
