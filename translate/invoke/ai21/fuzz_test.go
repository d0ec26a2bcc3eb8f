package ai21

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

// The fuzz targets feed a ChunkReader through invoke.Stream: the input is
// a stream's chunks, one JSON text a line (compact JSON has no raw
// newline), each sent in a chunk frame as Bedrock sends it. Whatever the
// chunks say, the SSE must be data lines of JSON objects or [DONE], with
// nothing after [DONE] or an error.

// fuzzSeeds are the recorded streams of a family, one chunk a line.
func fuzzSeeds(t testing.TB, prefix string) map[string][]byte {
	seeds := map[string][]byte{}
	for _, c := range streamCases {
		if c.events != "" || !bytes.HasPrefix([]byte(c.name), []byte(prefix)) {
			continue
		}
		var lines [][]byte
		for _, ev := range loadEvents(t, c.name) {
			if ev.Chunk == nil {
				continue
			}
			var buf bytes.Buffer
			if err := json.Compact(&buf, ev.Chunk); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, buf.Bytes())
		}
		seeds[c.name] = bytes.Join(lines, []byte("\n"))
	}
	return seeds
}

// fuzzStates are the ways an answer is written: chat or text completion,
// with or without the usage chunk, and Jurassic-2's chat template.
var fuzzStates = []invoke.State{
	{Answering: translate.Answering{Alias: "m"}},
	{Answering: translate.Answering{Alias: "m", IncludeUsage: true}, Family: &j2State{chat: true}},
	{Answering: translate.Answering{Alias: "m", Text: true, IncludeUsage: true}},
}

func fuzzChunks(t *testing.T, f invoke.Family, input []byte) {
	for _, st := range fuzzStates {
		s := invoke.NewStream(f, &st, "id", 1)
		var out []byte
		terminal := false
		for _, line := range bytes.Split(input, []byte("\n")) {
			msg := translatetest.ChunkFrame(line, "")
			if out, terminal = s.Message(out, &msg); terminal {
				break
			}
		}
		if !terminal {
			out = s.End(out)
		}
		translatetest.CheckSSE(t, out)
		if len(out) == 0 {
			t.Fatalf("no output for %q", input)
		}
	}
}

func FuzzJambaChunks(f *testing.F) {
	for _, seed := range fuzzSeeds(f, "jamba") {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input []byte) { fuzzChunks(t, Jamba{}, input) })
}

func FuzzJ2Chunks(f *testing.F) {
	for _, seed := range fuzzSeeds(f, "j2") {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input []byte) { fuzzChunks(t, J2{}, input) })
}

// TestFuzzCorpus keeps testdata/fuzz in step with the recorded streams;
// -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for target, prefix := range map[string]string{"FuzzJambaChunks": "jamba", "FuzzJ2Chunks": "j2"} {
		for name, seed := range fuzzSeeds(t, prefix) {
			path := filepath.Join("testdata", "fuzz", target, name)
			translatetest.Compare(t, path, fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", seed))
		}
	}
}
