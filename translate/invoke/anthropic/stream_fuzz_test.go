package anthropic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// fuzzEvents are the recorded sequences the fuzz targets start from.
var fuzzEvents = []string{"text", "tools", "thinking", "json_mode", "usage_cache", "throttling", "error_event", "unknown_events"}

// streamFuzzSeeds are the recorded sequences, wire-encoded.
func streamFuzzSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	for _, name := range fuzzEvents {
		seeds[name] = encodeFrames(t, loadFrames(t, name))
	}
	return seeds
}

// fuzzStates are the ways a request may have set the answer up.
func fuzzStates() []*invoke.State {
	text := testState("m", true, false, nil)
	text.IncludeUsage = true
	jsonMode := testState("m", false, true, map[string]string{"toolu_x": "call:1"})
	jsonMode.IncludeUsage = true
	return []*invoke.State{testState("m", false, false, nil), jsonMode, text}
}

// FuzzStream feeds whole InvokeModelWithResponseStream bodies, frames and
// all, through invoke.Stream and the family's reader.
func FuzzStream(f *testing.F) {
	for _, wire := range streamFuzzSeeds(f) {
		f.Add(wire)
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		for _, st := range fuzzStates() {
			out, _ := translatetest.Transcode(invoke.NewStream(Family{}, st, "id", 1), bytes.NewReader(wire))
			translatetest.CheckSSE(t, out)
		}
	})
}

// FuzzChunk skips the frames, their checksums and base64, which random
// mutation rarely gets past, to fuzz the reader itself on the JSON of one
// stream event, after a tool call and a text block have started; the
// reader has no <think> splitting (Claude streams reasoning in blocks of
// its own), so this is all of it. encoding/json is the oracle for what a
// text delta says.
func FuzzChunk(f *testing.F) {
	for _, name := range fuzzEvents {
		for _, fr := range loadFrames(f, name) {
			if fr.Chunk != nil {
				f.Add([]byte(fr.Chunk))
			}
		}
	}
	f.Fuzz(func(t *testing.T, chunk []byte) {
		if !jsonw.Valid(chunk) {
			return // invoke.Stream hands the reader valid JSON only
		}
		for _, st := range fuzzStates() {
			w := translate.NewChunkWriter(&st.Answering, "id", 1)
			r := Family{}.Chunks(st)
			for _, start := range []string{
				`{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`,
				`{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_x","name":"json_tool_call","input":{}}}`,
				`{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_y","name":"f","input":{}}}`,
			} {
				if err := r.Chunk([]byte(start), w); err != nil {
					t.Fatal(err)
				}
			}
			w.Take(nil)
			err := r.Chunk(chunk, w)
			var out []byte
			if err != nil {
				out = w.Fail(w.Take(nil), err)
			} else {
				out = w.Complete(nil, &translate.Error{Message: "cut off"})
			}
			translatetest.CheckSSE(t, out)
			if err == nil && !st.Text {
				checkTextDelta(t, chunk, out)
			}
		}
	})
}

// checkTextDelta checks that a text_delta's text is the content sent, as
// encoding/json reads it.
func checkTextDelta(t *testing.T, chunk, out []byte) {
	// Maps, not structs: encoding/json matches struct fields without
	// regard to case, the reader does not.
	var ev, delta map[string]json.RawMessage
	if json.Unmarshal(chunk, &ev) != nil || json.Unmarshal(ev["delta"], &delta) != nil {
		return
	}
	var typ, want string
	if string(ev["type"]) != `"content_block_delta"` || json.Unmarshal(delta["type"], &typ) != nil || typ != "text_delta" {
		return
	}
	if json.Unmarshal(delta["text"], &want) != nil {
		t.Fatalf("accepted a text encoding/json refuses: %q", chunk)
	}
	var got strings.Builder
	for _, d := range translatetest.SSEData(t, out) {
		var c struct {
			Choices []struct {
				Delta struct {
					Content string `json:"content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if json.Unmarshal([]byte(d), &c) == nil && len(c.Choices) > 0 {
			got.WriteString(c.Choices[0].Delta.Content)
		}
	}
	if got.String() != want {
		t.Fatalf("text %q, encoding/json reads %q from %q", got.String(), want, chunk)
	}
}

// TestFuzzCorpus keeps testdata/fuzz in step with the recorded
// sequences; -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for name, wire := range streamFuzzSeeds(t) {
		path := filepath.Join("testdata", "fuzz", "FuzzStream", name)
		translatetest.Compare(t, path, fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", wire))
	}
}
