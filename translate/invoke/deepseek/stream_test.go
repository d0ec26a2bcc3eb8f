package deepseek

import (
	"bytes"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// usage is chat(open) whose client asked for the usage chunk.
func usage(st invoke.State) invoke.State {
	st.IncludeUsage = true
	return st
}

var streamCases = []familytest.StreamCase{
	{Name: "r1", State: chat(true)},
	{Name: "r1_usage", Events: "r1", State: usage(chat(true))},
	{Name: "r1_text_completion", Events: "r1", State: usage(textCompletion)},
	{Name: "think_tag", State: usage(chat(false))},
	{Name: "generation", State: usage(chat(true))},
	{Name: "length", State: usage(chat(true))},
	{Name: "cut_off", State: chat(true)},
	{Name: "throttling", State: chat(true)},
	{Name: "model_timeout", State: chat(true)},
}

// TestStreamGolden feeds each recorded stream through the wire encoding
// and invoke.Stream with this family's reader, and compares the whole SSE
// text with testdata/stream/<name>.golden.sse, whole frames and one byte
// at a time.
func TestStreamGolden(t *testing.T) {
	familytest.StreamGolden(t, Family{}, streamCases)
}

// TestStreamAccumulates: a client adding up a stream's deltas gets what
// Answer gives for the same text in one piece.
func TestStreamAccumulates(t *testing.T) {
	c := familytest.StreamCase{Name: "r1", State: chat(true)}
	sse, err := translatetest.Transcode(c.Stream(Family{}), bytes.NewReader(c.Wire(t)))
	if err != nil {
		t.Fatal(err)
	}
	content, reasoning := familytest.Said(t, sse)
	whole := `{"choices":[{"text":"Okay, the user wants one line about \"hello world\". Keep it short.\n</think>\n\nA \"Hello, World!\" program checks that a language's toolchain works.","stop_reason":"stop"}]}`
	st := chat(true)
	var a translate.Answer
	if err := (Family{}).Answer([]byte(whole), &st, &a); err != nil {
		t.Fatal(err)
	}
	if content != a.Text || len(a.Reasoning) != 1 || reasoning != a.Reasoning[0].Thinking {
		t.Errorf("stream said %q / %q, the whole answer %q / %+v", content, reasoning, a.Text, a.Reasoning)
	}
}
