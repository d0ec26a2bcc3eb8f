package llama

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

const (
	testID      = "chatcmpl-0123456789"
	testCreated = 1700000000
)

// TestAnswerGolden reads testdata/response/<input>.json as Bedrock
// answers it and compares the OpenAI answer with <name>.golden.json.
func TestAnswerGolden(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		text        bool
	}{
		{name: "stop"},
		{name: "length"},
		{name: "guardrail"},
		{name: "no_counts"},
		{name: "text_stop", input: "stop", text: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			input := tc.input
			if input == "" {
				input = tc.name
			}
			body, err := os.ReadFile(filepath.Join("testdata", "response", input+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := &invoke.State{Answering: translate.Answering{Alias: "llama3", Text: tc.text}}
			var a translate.Answer
			if err := (Family{}).Answer(body, st, &a); err != nil {
				t.Fatal(err.Message)
			}
			got := translate.AppendAnswer(nil, &a, &st.Answering, testID, testCreated)
			translatetest.CompareJSON(t, filepath.Join("testdata", "response", tc.name+".golden.json"), got)
		})
	}
}

// TestAnswerUnreadable: a body that is not Llama's answer is a 502, never
// an empty answer passed off as the model's.
func TestAnswerUnreadable(t *testing.T) {
	for _, body := range []string{
		``, `[]`, `"generation"`, `{}`, `{"stop_reason":"stop"}`,
		`{"generation":42}`, `{"generation":"x","stop_reason":7}`,
		`{"generation":"x","prompt_token_count":-1}`, `{"generation":"x","generation_token_count":"3"}`,
		`{"generation":"x","prompt_token_count":1.5}`,
	} {
		var a translate.Answer
		err := Family{}.Answer([]byte(body), &invoke.State{}, &a)
		if err == nil || err.Status != 502 || err.Kind != translate.FailUnavailable || !strings.Contains(err.Message, "unreadable response") {
			t.Errorf("%s: %+v", body, err)
		}
	}
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
