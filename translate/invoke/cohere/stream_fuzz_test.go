package cohere

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// The fuzz targets read a stream as lines: each line is one chunk's
// bytes, whatever they are, or, after a '!', an exception's type. The
// frames themselves are not fuzzed: their checksums would stop nearly
// every mutation before a chunk reader sees it.

// fuzzSeeds are the recorded streams of a family, as lines.
func fuzzSeeds(t testing.TB, prefix string) map[string][]byte {
	seeds := map[string][]byte{}
	for _, c := range streamCases {
		if !strings.HasPrefix(c.name, prefix) {
			continue
		}
		var b bytes.Buffer
		for _, r := range loadChunks(t, c.name) {
			if r.Exception != "" {
				b.WriteString("!" + r.Exception + "\n")
				continue
			}
			if err := json.Compact(&b, r.Chunk); err != nil {
				t.Fatal(err)
			}
			b.WriteByte('\n')
		}
		seeds[c.name] = b.Bytes()
	}
	return seeds
}

// fuzzStream runs lines through a stream of family f and checks that
// what comes out is SSE a client can read: every event data: and a JSON
// object or [DONE], and nothing after [DONE] or an error.
func fuzzStream(t *testing.T, f invoke.Family, state any, text bool, lines []byte) {
	c := streamCase{family: f, state: state, text: text, usage: true}
	s := c.stream()
	var out []byte
	terminal := false
	for line := range bytes.SplitSeq(lines, []byte("\n")) {
		var m eventstream.Message
		if typ, ok := bytes.CutPrefix(line, []byte("!")); ok {
			m.Headers.Set(":message-type", eventstream.StringValue("exception"))
			m.Headers.Set(":exception-type", eventstream.StringValue(string(typ)))
			m.Payload = []byte(`{"message":"fuzzed"}`)
		} else {
			m.Headers.Set(":message-type", eventstream.StringValue("event"))
			m.Headers.Set(":event-type", eventstream.StringValue("chunk"))
			m.Payload = []byte(`{"bytes":"` + base64.StdEncoding.EncodeToString(line) + `"}`)
		}
		if out, terminal = s.Message(out, &m); terminal {
			break
		}
	}
	if !terminal {
		out = s.End(out)
	}
	translatetest.CheckSSE(t, out)
	if more, _ := s.Message(nil, &eventstream.Message{}); len(more) != 0 {
		t.Fatalf("a frame after the end wrote %q", more)
	}
}

func FuzzCommandChunks(f *testing.F) {
	for _, seed := range fuzzSeeds(f, "command_") {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, lines []byte) {
		fuzzStream(t, command{}, &commandState{trimStart: true, stops: []string{"END", "é\n"}}, false, lines)
		fuzzStream(t, command{}, nil, true, lines)
	})
}

func FuzzChatChunks(f *testing.F) {
	for _, seed := range fuzzSeeds(f, "chat_") {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, lines []byte) {
		fuzzStream(t, commandR{}, mappedNames(), false, lines)
		fuzzStream(t, commandR{}, nil, true, lines)
	})
}

// TestFuzzCorpus keeps testdata/fuzz in step with the recorded streams;
// -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for target, prefix := range map[string]string{"FuzzCommandChunks": "command_", "FuzzChatChunks": "chat_"} {
		for name, seed := range fuzzSeeds(t, prefix) {
			translatetest.Compare(t, filepath.Join("testdata", "fuzz", target, name), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", seed))
		}
	}
}
