package llama

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// FuzzChunk feeds one chunk, after a well-formed one, through
// invoke.Stream and this family's reader: whatever it says, the output is
// SSE of JSON objects with nothing after [DONE] or an error, and the text
// sent is the generation encoding/json reads from the chunk.
func FuzzChunk(f *testing.F) {
	for _, seed := range familytest.Seeds(f, streamCases) {
		f.Add(seed)
	}
	first := []byte(`{"generation":"Hi","prompt_token_count":3}`)
	f.Fuzz(func(t *testing.T, chunk []byte) {
		for _, text := range []bool{false, true} {
			st := invoke.State{Answering: translate.Answering{Alias: "m", Text: text, IncludeUsage: true}}
			sent, sse, taken := familytest.ChunkAfter(Family{}, st, first, chunk)
			translatetest.CheckSSE(t, sse)
			if !taken {
				continue
			}
			var top map[string]json.RawMessage
			if json.Unmarshal(chunk, &top) != nil {
				t.Fatalf("took a chunk encoding/json refuses: %q", chunk)
			}
			var want string
			if g, ok := top["generation"]; ok && json.Unmarshal(g, &want) != nil && string(g) != "null" {
				t.Fatalf("took a generation encoding/json refuses: %q", chunk)
			}
			if got, _ := familytest.Said(t, sent); got != want {
				t.Fatalf("sent %q, encoding/json reads %q from %q", got, want, chunk)
			}
		}
	})
}

// FuzzStream feeds whole wire streams, frames and all.
func FuzzStream(f *testing.F) {
	for _, c := range streamCases {
		f.Add(c.Wire(f))
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		for _, c := range streamCases[:3] {
			out, _ := translatetest.Transcode(c.Stream(Family{}), bytes.NewReader(wire))
			translatetest.CheckSSE(t, out)
		}
	})
}

// TestFuzzCorpus keeps testdata/fuzz in step with the recorded streams;
// -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	familytest.CheckCorpus(t, "FuzzChunk", familytest.Seeds(t, streamCases))
	wires := map[string][]byte{}
	for _, c := range streamCases {
		if c.Events == "" {
			wires[c.Name] = c.Wire(t)
		}
	}
	familytest.CheckCorpus(t, "FuzzStream", wires)
}
