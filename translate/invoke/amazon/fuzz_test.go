package amazon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// The fuzz targets feed a family's ChunkReader through invoke.Stream, a
// chunk a line: a line starting with '!' is an exception frame instead.
// Whatever the chunks say, the output must be SSE events of JSON objects,
// ending in [DONE] or an error event, with nothing after either.

func FuzzTitanChunks(f *testing.F) { fuzzChunks(f, Titan{}, titanStreams, []invoke.State{{}}) }

func FuzzNovaChunks(f *testing.F) {
	fuzzChunks(f, Nova{}, novaStreams, []invoke.State{{}, novaState(f, "chat_response_format", translate.Answering{})})
}

func fuzzChunks(f *testing.F, fam invoke.Family, dir string, states []invoke.State) {
	for _, seed := range chunkSeeds(f, dir) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, st := range states {
			for _, a := range []translate.Answering{{}, {Text: true, IncludeUsage: true}} {
				st.Answering = a
				checkStream(t, fam, st, data)
			}
		}
	})
}

func checkStream(t *testing.T, fam invoke.Family, st invoke.State, data []byte) {
	s := invoke.NewStream(fam, &st, "id", 1)
	var out []byte
	terminal := false
	for _, line := range bytes.Split(data, []byte("\n")) {
		m := lineFrame(line)
		if out, terminal = s.Message(out, &m); terminal {
			break
		}
	}
	if !terminal {
		out = s.End(out)
	}
	translatetest.CheckSSE(t, out)
	events := translatetest.SSEData(t, out)
	if len(events) == 0 {
		t.Fatalf("no ending for %q", data)
	}
	if last := events[len(events)-1]; last != "[DONE]" && !strings.HasPrefix(last, `{"error":`) {
		t.Fatalf("the stream ends with %s for %q", last, data)
	}
	if more := s.End(nil); len(more) != 0 {
		t.Fatalf("End after the end wrote %q", more)
	}
}

// lineFrame is the frame a fuzz input line stands for.
func lineFrame(line []byte) eventstream.Message {
	var m eventstream.Message
	if msg, ok := bytes.CutPrefix(line, []byte("!")); ok {
		m.Headers.Set(":message-type", eventstream.StringValue("exception"))
		m.Headers.Set(":exception-type", eventstream.StringValue("throttlingException"))
		m.Payload = msg
		return m
	}
	return translatetest.ChunkFrame(line, "")
}

// chunkSeeds are the recorded streams in dir, a chunk a line.
func chunkSeeds(t testing.TB, dir string) map[string][]byte {
	files, _ := filepath.Glob(filepath.Join(dir, "*.frames.json"))
	seeds := map[string][]byte{}
	for _, file := range files {
		var lines [][]byte
		for _, fr := range translatetest.LoadEvents(t, file) {
			if fr.Exception != "" {
				lines = append(lines, []byte("!"+fr.Message))
				continue
			}
			var b bytes.Buffer
			if err := json.Compact(&b, fr.Chunk); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, b.Bytes())
		}
		seeds[strings.TrimSuffix(filepath.Base(file), ".frames.json")] = bytes.Join(lines, []byte("\n"))
	}
	return seeds
}

// TestFuzzCorpus keeps testdata/fuzz in step with the recorded streams;
// -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for target, dir := range map[string]string{"FuzzTitanChunks": titanStreams, "FuzzNovaChunks": novaStreams} {
		for name, seed := range chunkSeeds(t, dir) {
			translatetest.Compare(t, filepath.Join("testdata", "fuzz", target, name), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", seed))
		}
	}
}
