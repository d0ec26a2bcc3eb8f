package amazon

import (
	"path/filepath"
	"testing"

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
			t.Run(file, func(t *testing.T) {
				c := streamCase{st: invoke.State{Answering: translate.Answering{IncludeUsage: true}}}
				translatetest.CheckSplitFrames(t, encodeFrames(t, file),
					func() translatetest.Transcoder { return c.stream(fam.f) })
			})
		}
	}
}
