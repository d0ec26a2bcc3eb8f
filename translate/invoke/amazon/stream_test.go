package amazon

import (
	"bytes"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// TestStreamPartialFrames delivers the wire bytes one at a time: frames
// split anywhere must give the same SSE as whole frames.
func TestStreamPartialFrames(t *testing.T) {
	for _, fam := range []struct {
		f   invoke.Family
		dir string
	}{{Titan{}, titanStreams}, {Nova{}, novaStreams}} {
		files, _ := filepath.Glob(filepath.Join(fam.dir, "*.frames.json"))
		if len(files) == 0 {
			t.Fatalf("no streams in %s", fam.dir)
		}
		for _, file := range files {
			c := streamCase{st: invoke.State{Answering: translate.Answering{IncludeUsage: true}}}
			wire := encodeFrames(t, loadFrames(t, file))
			whole, err := translatetest.Transcode(c.stream(fam.f), bytes.NewReader(wire))
			if err != nil {
				t.Fatal(err)
			}
			split, err := translatetest.Transcode(c.stream(fam.f), iotest.OneByteReader(bytes.NewReader(wire)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(whole, split) {
				t.Errorf("%s one byte at a time:\n%s\nwhole frames:\n%s", file, split, whole)
			}
		}
	}
}
