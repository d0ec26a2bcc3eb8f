package llama

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// TestAnswerGolden reads testdata/response/<input>.json as Bedrock
// answers it and compares the OpenAI answer with <name>.golden.json.
func TestAnswerGolden(t *testing.T) {
	chat := invoke.State{Answering: translate.Answering{Alias: "llama3"}}
	familytest.AnswerGolden(t, Family{}, []familytest.AnswerCase{
		{Name: "stop", State: chat},
		{Name: "length", State: chat},
		{Name: "guardrail", State: chat},
		{Name: "no_counts", State: chat},
		{Name: "text_stop", Input: "stop", State: invoke.State{Answering: translate.Answering{Alias: "llama3", Text: true}}},
	})
}

// TestAnswerUnreadable: a body that is not Llama's answer is a 502, never
// an empty answer passed off as the model's.
func TestAnswerUnreadable(t *testing.T) {
	familytest.CheckUnreadable(t, Family{}, &invoke.State{}, []string{
		``, `[]`, `"generation"`, `{}`, `{"stop_reason":"stop"}`,
		`{"generation":42}`, `{"generation":"x","stop_reason":7}`,
		`{"generation":"x","prompt_token_count":-1}`, `{"generation":"x","generation_token_count":"3"}`,
		`{"generation":"x","prompt_token_count":1.5}`,
	})
}

// TestFinishReason maps every stop reason the models send, and falls back
// to stop.
func TestFinishReason(t *testing.T) {
	for stop, want := range map[string]string{
		`"stop"`: "stop", `"length"`: "length", `"max_tokens"`: "length", `"content_filtered"`: "content_filter",
		`"guardrail_intervened"`: "content_filter", `"end_turn"`: "stop", `"something new"`: "stop", ``: "stop",
	} {
		if got := finishReason([]byte(stop)); got != want {
			t.Errorf("%s: %s, want %s", stop, got, want)
		}
	}
	g := Generation{Stop: []byte(`"length"`), Filtered: true}
	if g.FinishReason() != "content_filter" {
		t.Errorf("a guardrail's intervention: %s", g.FinishReason())
	}
}
