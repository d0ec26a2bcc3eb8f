package llama

import (
	"bytes"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

func answering(a translate.Answering) invoke.State { return invoke.State{Answering: a} }

var streamCases = []familytest.StreamCase{
	{Name: "text", State: answering(translate.Answering{Alias: "llama3"})},
	{Name: "text_usage", Events: "text", State: answering(translate.Answering{Alias: "llama3", IncludeUsage: true})},
	{Name: "text_completion", Events: "text", State: answering(translate.Answering{Alias: "llama3", Text: true, IncludeUsage: true})},
	{Name: "length", State: answering(translate.Answering{Alias: "llama3", IncludeUsage: true})},
	{Name: "metrics_only", State: answering(translate.Answering{Alias: "my-llama", IncludeUsage: true})},
	{Name: "guardrail", State: answering(translate.Answering{Alias: "llama3", IncludeUsage: true})},
	{Name: "cut_off", State: answering(translate.Answering{Alias: "llama3", IncludeUsage: true})},
	{Name: "throttling", State: answering(translate.Answering{Alias: "llama3"})},
	{Name: "model_error", State: answering(translate.Answering{Alias: "llama3"})},
	{Name: "unreadable", State: answering(translate.Answering{Alias: "llama3"})},
}

// TestStreamGolden feeds each recorded stream through the wire encoding
// and invoke.Stream with this family's reader, and compares the whole SSE
// text with testdata/stream/<name>.golden.sse, whole frames and one byte
// at a time.
func TestStreamGolden(t *testing.T) {
	familytest.StreamGolden(t, Family{}, streamCases)
}

// TestStreamUsage: the counts come from the chunks' own fields when they
// carry them, and from Bedrock's invocation metrics when they do not.
func TestStreamUsage(t *testing.T) {
	for _, tc := range []struct {
		name               string
		prompt, completion int
	}{{"text", 26, 13}, {"metrics_only", 9, 3}, {"length", 151, 5}} {
		c := familytest.StreamCase{Name: tc.name}
		s := c.Stream(Family{})
		if _, err := translatetest.Transcode(s, bytes.NewReader(c.Wire(t))); err != nil {
			t.Fatal(err)
		}
		if u := s.Usage(); u.PromptTokens != tc.prompt || u.CompletionTokens != tc.completion {
			t.Errorf("%s: usage %+v", tc.name, u)
		}
	}
}
