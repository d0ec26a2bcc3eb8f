package deepseek

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// chat is the state of a chat whose prompt opened a <think> block, or not.
func chat(open bool) invoke.State {
	return invoke.State{Answering: translate.Answering{Alias: "deepseek-r1"}, Family: &reasoning{open: open}}
}

var textCompletion = invoke.State{Answering: translate.Answering{Alias: "deepseek-r1", Text: true}}

// TestAnswerGolden reads testdata/response/<input>.json as Bedrock
// answers it and compares the OpenAI answer with <name>.golden.json: the
// reasoning apart in a chat, the text as it came in a text completion.
func TestAnswerGolden(t *testing.T) {
	familytest.AnswerGolden(t, Family{}, []familytest.AnswerCase{
		{Name: "choices", State: chat(true)},
		{Name: "choices_length", State: chat(true)},
		{Name: "choices_no_reasoning", State: chat(true)},
		{Name: "generation", State: chat(true)},
		{Name: "prefill", State: chat(false)},
		{Name: "text_completion", Input: "choices", State: textCompletion},
	})
}

// TestAnswerUnreadable: a body in neither shape is a 502.
func TestAnswerUnreadable(t *testing.T) {
	st := chat(true)
	familytest.CheckUnreadable(t, Family{}, &st, []string{
		``, `[]`, `{}`, `{"choices":[]}`, `{"choices":{}}`, `{"choices":["text"]}`,
		`{"choices":[{"text":1}]}`, `{"choices":[{"text":"x","stop_reason":false}]}`,
		`{"choices":[{"stop_reason":"stop"}]}`, `{"generation":"x","generation_token_count":-2}`,
	})
}
