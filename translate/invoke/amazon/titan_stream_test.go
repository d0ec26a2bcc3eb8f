package amazon

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func TestTitanStreamGolden(t *testing.T) {
	usage := invoke.State{Answering: translate.Answering{IncludeUsage: true}}
	runStreamGolden(t, Titan{}, titanStreams, []streamCase{
		{name: "chat"},
		{name: "chat_usage", st: usage},
		{name: "text_completion", st: invoke.State{Answering: translate.Answering{Text: true, IncludeUsage: true}}},
		{name: "length", st: usage},
		{name: "metrics_only", st: usage},
		{name: "cut_off"},
		{name: "exception"},
		{name: "unreadable"},
	})
}

// TestTitanTrim splits a chat answer at every pair of places: the
// streamed content must be the whole answer's, trimmed as Answer trims
// it, and nothing may be sent before the first word.
func TestTitanTrim(t *testing.T) {
	for _, text := range []string{
		"\n Hello there. \n",
		" \n\n ",
		"Hi",
		"\nline one\n\nline two\n\n",
		"",
	} {
		want := strings.Trim(text, answerSpace)
		for i := 0; i <= len(text); i++ {
			for j := i; j <= len(text); j++ {
				var got strings.Builder
				st := invoke.State{}
				w := translate.NewChunkWriter(&st.Answering, "id", 1)
				r := Titan{}.Chunks(&st)
				for _, part := range []string{text[:i], text[i:j], text[j:]} {
					if err := r.Chunk([]byte(`{"outputText":`+string(translate.AppendString(nil, part))+`}`), w); err != nil {
						t.Fatal(err)
					}
				}
				if err := r.Chunk([]byte(`{"outputText":"","completionReason":"FINISH"}`), w); err != nil {
					t.Fatal(err)
				}
				for _, d := range sseContent(t, w.Take(nil)) {
					got.WriteString(d)
				}
				if got.String() != want {
					t.Errorf("%q split at %d, %d: got %q, want %q", text, i, j, got.String(), want)
				}
			}
		}
	}
}

// sseContent returns the delta contents of chat chunks.
func sseContent(t *testing.T, sse []byte) []string {
	var out []string
	for _, d := range strings.Split(strings.TrimSpace(string(sse)), "\n\n") {
		_, rest, ok := strings.Cut(d, `"content":`)
		if !ok || strings.Contains(d, `"role":"assistant"`) {
			// The role chunk opens every chat with empty content.
			continue
		}
		lit, _, _ := strings.Cut(rest, `},"logprobs"`)
		var s string
		if err := json.Unmarshal([]byte(lit), &s); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if s == "" {
			t.Errorf("empty content chunk: %s", d)
		}
		out = append(out, s)
	}
	return out
}
