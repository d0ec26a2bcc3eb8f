package deepseek

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// FuzzChunk feeds one chunk, after a well-formed one, through
// invoke.Stream and this family's reader, for chats that start inside
// <think> or not and for a text completion: whatever it says, the output
// is SSE of JSON objects with nothing after [DONE] or an error, and only
// JSON objects are taken.
func FuzzChunk(f *testing.F) {
	for _, seed := range familytest.Seeds(f, streamCases) {
		f.Add(seed)
	}
	first := []byte(`{"choices":[{"text":"Okay, ","stop_reason":null}]}`)
	f.Fuzz(func(t *testing.T, chunk []byte) {
		for _, st := range []invoke.State{chat(true), usage(chat(false)), usage(textCompletion)} {
			_, sse, taken := familytest.ChunkAfter(Family{}, st, first, chunk)
			translatetest.CheckSSE(t, sse)
			var top map[string]json.RawMessage
			if taken && json.Unmarshal(chunk, &top) != nil {
				t.Fatalf("took a chunk encoding/json refuses: %q", chunk)
			}
		}
	})
}

// FuzzThinkSplit cuts an answer's text into chunks anywhere (between
// characters) and streams them: the reasoning and the content a client
// adds up are what Answer reads from the text in one piece, however the
// <think> tags fall across the chunks.
func FuzzThinkSplit(f *testing.F) {
	for _, seed := range []string{
		"Okay, the user wants one line.\n</think>\n\nA greeting.",
		"  <think>\nRayleigh.</think>\n\nBlue.",
		"\n</think>\n\nHello!",
		"no tags at all",
		"reasoning cut off </th",
		"<think></think>",
		"a < b and </thinking> is not a tag </think> done",
	} {
		f.Add(seed, []byte{3, 1, 4, 1, 5, 9, 2, 6}, true)
		f.Add(seed, []byte{1}, false)
	}
	f.Fuzz(func(t *testing.T, text string, cuts []byte, open bool) {
		text = strings.ToValidUTF8(text, "?")
		st := chat(open)
		var a translate.Answer
		if err := (Family{}).Answer(choiceChunk(t, text, `"stop"`), &st, &a); err != nil {
			t.Fatal(err)
		}
		wantReasoning := ""
		if len(a.Reasoning) > 0 {
			wantReasoning = a.Reasoning[0].Thinking
		}
		var evs []translatetest.Event
		for _, piece := range cut(text, cuts) {
			evs = append(evs, translatetest.Event{Chunk: choiceChunk(t, piece, "null")})
		}
		evs = append(evs, translatetest.Event{Chunk: choiceChunk(t, "", `"stop"`)})
		c := familytest.StreamCase{State: st}
		sse, err := translatetest.Transcode(c.Stream(Family{}), bytes.NewReader(translatetest.EncodeEvents(t, evs, "")))
		if err != nil {
			t.Fatal(err)
		}
		translatetest.CheckSSE(t, sse)
		content, reasoning := familytest.Said(t, sse)
		if content != a.Text || reasoning != wantReasoning {
			t.Fatalf("%q cut at %v: streamed %q / %q, whole %q / %q", text, cuts, reasoning, content, wantReasoning, a.Text)
		}
	})
}

// choiceChunk is R1's chunk for text.
func choiceChunk(tb testing.TB, text, stop string) json.RawMessage {
	b, err := json.Marshal(text)
	if err != nil {
		tb.Fatal(err)
	}
	return json.RawMessage(`{"choices":[{"text":` + string(b) + `,"stop_reason":` + stop + `}]}`)
}

// cut splits s into pieces of the lengths in cuts (taken again and again,
// 0 as 1), moved forward to a character boundary.
func cut(s string, cuts []byte) []string {
	if len(cuts) == 0 {
		return []string{s}
	}
	var pieces []string
	for i := 0; len(s) > 0; i++ {
		n := min(int(cuts[i%len(cuts)])+1, len(s))
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n++
		}
		pieces = append(pieces, s[:n])
		s = s[n:]
	}
	return pieces
}

// TestFuzzCorpus keeps testdata/fuzz/FuzzChunk in step with the recorded
// streams; -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	familytest.CheckCorpus(t, "FuzzChunk", familytest.Seeds(t, streamCases))
}
