package mistral

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

const (
	testID      = "chatcmpl-test"
	testCreated = 1722434400
)

// toolState is the state of a request whose tool calls had ids mapped,
// as chat_tool_results.json's were.
func toolState() *state {
	return &state{toolIDs: map[string]string{"kwN5WGm2g": "call_Wz9pq1Ke7sTx"}}
}

// TestAnswerGolden reads testdata/response/<name>.json and compares the
// OpenAI answer written from it with <name>.golden.json.
func TestAnswerGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range []struct {
		name string
		st   *state
		text bool // a text completion
	}{
		{name: "prompt_stop"},
		{name: "prompt_length"},
		{name: "prompt_text_completion", text: true},
		{name: "chat_stop"},
		{name: "chat_api_shape"},
		{name: "chat_tool_calls", st: toolState()},
		{name: "chat_tool_calls_object_args"},
		{name: "chat_json_tool", st: &state{jsonTool: true}},
		{name: "chat_length"},
		{name: "chat_model_length"},
		{name: "chat_content_parts"},
		{name: "chat_text_completion", text: true},
		{name: "guardrail"},
	} {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "response", tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := &invoke.State{Answering: translate.Answering{Alias: "mistral", Text: tc.text}}
			if tc.st != nil {
				st.Family = tc.st
			}
			var a translate.Answer
			if err := (family{}).Answer(body, st, &a); err != nil {
				t.Fatal(err)
			}
			out := translate.AppendAnswer(nil, &a, &st.Answering, testID, testCreated)
			translatetest.CompareJSON(t, filepath.Join("testdata", "response", tc.name+".golden.json"), out)
		})
	}
	translatetest.CheckCovered(t, filepath.Join("testdata", "response"), covered)
}

// TestAnswerErrors: an answer that makes no sense is a 502, never an
// empty success.
func TestAnswerErrors(t *testing.T) {
	for _, body := range []string{
		``,
		`not json`,
		`[]`,
		`{}`,
		`{"generation":"a Llama answer"}`,
		`{"outputs":{}}`,
		`{"outputs":[1]}`,
		`{"outputs":[{"text":42,"stop_reason":"stop"}]}`,
		`{"outputs":[{"text":"a","stop_reason":1}]}`,
		`{"outputs":[{"text":"a"}]} trailing`,
		`{"choices":[]}`,
		`{"choices":"x"}`,
		`{"choices":[[]]}`,
		`{"choices":[{"message":"x"}]}`,
		`{"choices":[{"message":{"content":42}}]}`,
		`{"choices":[{"message":{"content":"a"},"stop_reason":7}]}`,
		`{"choices":[{"message":{"tool_calls":{}}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"id":"a"}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"id":1,"function":{"name":"f"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"id":"a","function":{"name":"f","arguments":[1]}}]}}]}`,
		`{"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens":-1}}`,
		`{"choices":[{"message":{"content":"a"}}],"usage":[]}`,
	} {
		var a translate.Answer
		err := family{}.Answer([]byte(body), &invoke.State{}, &a)
		if err == nil || err.Status != 502 || err.Type != translate.ErrUpstream || err.Kind != translate.FailUnavailable {
			t.Errorf("%s: %+v", body, err)
		}
	}
}

func BenchmarkAnswer(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "response", "chat_tool_calls.json"))
	if err != nil {
		b.Fatal(err)
	}
	st := &invoke.State{Answering: translate.Answering{Alias: "mistral"}, Family: toolState()}
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		var a translate.Answer
		if err := (family{}).Answer(body, st, &a); err != nil {
			b.Fatal(err)
		}
		out = translate.AppendAnswer(out[:0], &a, &st.Answering, testID, testCreated)
	}
}
