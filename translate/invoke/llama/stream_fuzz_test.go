package llama

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/streamtest"
)

// fuzzSeeds are the recorded streams' chunks.
func fuzzSeeds(tb testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	for _, c := range streamCases {
		if c.events != "" {
			continue
		}
		for i, ev := range streamtest.Load(tb, filepath.Join("testdata", "stream", c.name+".events.json")) {
			if ev.Chunk != nil {
				var compact bytes.Buffer
				_ = json.Compact(&compact, ev.Chunk)
				seeds[fmt.Sprintf("%s_%d", c.name, i)] = compact.Bytes()
			}
		}
	}
	return seeds
}

// FuzzChunk feeds one chunk, after a well-formed one, through
// invoke.Stream and this family's reader: whatever it says, the output is
// SSE of JSON objects with nothing after [DONE] or an error, and the text
// sent is the generation encoding/json reads from the chunk.
func FuzzChunk(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, chunk []byte) {
		for _, text := range []bool{false, true} {
			st := &invoke.State{Answering: translate.Answering{Alias: "m", Text: text, IncludeUsage: true}}
			s := invoke.NewStream(Family{}, st, "id", 1)
			out, _ := s.Message(nil, streamtest.Frame(streamtest.Event{Chunk: json.RawMessage(`{"generation":"Hi","prompt_token_count":3}`)}))
			start := len(out)
			out, terminal := s.Message(out, streamtest.Frame(streamtest.Event{Chunk: chunk}))
			accepted := !terminal || s.Err() == nil
			sent := out[start:]
			if !terminal {
				out = s.End(out)
			}
			translatetest.CheckSSE(t, out)
			if accepted {
				checkText(t, chunk, sent, text)
			}
		}
	})
}

// checkText checks that the text in sse is the chunk's generation as
// encoding/json reads it.
func checkText(t *testing.T, chunk, sse []byte, text bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(chunk, &top) != nil {
		t.Fatalf("accepted a chunk encoding/json refuses: %q", chunk)
	}
	var want string
	if g, ok := top["generation"]; ok && json.Unmarshal(g, &want) != nil && string(g) != "null" {
		t.Fatalf("accepted a generation encoding/json refuses: %q", chunk)
	}
	var got string
	for _, d := range translatetest.SSEData(t, sse) {
		var c struct {
			Choices []struct {
				Text  string `json:"text"`
				Delta struct {
					Content string `json:"content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if json.Unmarshal([]byte(d), &c) == nil && len(c.Choices) > 0 {
			got += c.Choices[0].Text + c.Choices[0].Delta.Content
		}
	}
	if got != want {
		t.Fatalf("sent %q, encoding/json reads %q from %q (text completion %v)", got, want, chunk, text)
	}
}

// FuzzStream feeds whole wire streams, frames and all.
func FuzzStream(f *testing.F) {
	for _, c := range streamCases {
		f.Add(c.wire(f))
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		for _, c := range streamCases[:3] {
			out, _ := streamtest.Transcode(c.stream(), bytes.NewReader(wire))
			translatetest.CheckSSE(t, out)
		}
	})
}

// TestFuzzCorpus keeps testdata/fuzz in step with the recorded streams;
// -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for name, seed := range fuzzSeeds(t) {
		translatetest.Compare(t, filepath.Join("testdata", "fuzz", "FuzzChunk", name), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", seed))
	}
	for _, c := range streamCases {
		if c.events == "" {
			translatetest.Compare(t, filepath.Join("testdata", "fuzz", "FuzzStream", c.name), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", c.wire(t)))
		}
	}
}
