package fakebedrock

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// Fixtures in Bedrock's shapes, shared by the gateway's unit tests and its
// whole-server tests.

// Converse answers: text, and text with a tool call.
const (
	ConverseText = `{"output":{"message":{"role":"assistant","content":[{"text":"Paris is the capital of France."}]}},
		"stopReason":"end_turn","usage":{"inputTokens":12,"outputTokens":8,"totalTokens":20},"metrics":{"latencyMs":321}}`
	ConverseTool = `{"output":{"message":{"role":"assistant","content":[{"text":"Let me check."},
		{"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"get_weather","input":{"city":"Paris","unit":"celsius"}}}]}},
		"stopReason":"tool_use","usage":{"inputTokens":40,"outputTokens":25,"totalTokens":65}}`
)

// TextStream is a ConverseStream answer of words, each delta after delay.
func TextStream(delay time.Duration, words ...string) []Event {
	ev := []Event{{Type: "messageStart", Payload: `{"role":"assistant"}`}}
	for _, w := range words {
		ev = append(ev, Event{Type: "contentBlockDelta", Delay: delay,
			Payload: `{"contentBlockIndex":0,"delta":{"text":"` + w + `"}}`})
	}
	return append(ev,
		Event{Type: "contentBlockStop", Payload: `{"contentBlockIndex":0}`},
		Event{Type: "messageStop", Payload: `{"stopReason":"end_turn"}`},
		Event{Type: "metadata", Payload: `{"usage":{"inputTokens":9,"outputTokens":3,"totalTokens":12},"metrics":{"latencyMs":80}}`},
	)
}

// LlamaReply answers as Llama (and imported DeepSeek distillations) do.
func LlamaReply(text ...string) Reply {
	whole, _ := json.Marshal(strings.Join(text, ""))
	r := Reply{JSON: `{"generation":` + string(whole) + `,"prompt_token_count":12,"generation_token_count":9,"stop_reason":"stop"}`}
	for i, piece := range text {
		p, _ := json.Marshal(piece)
		count := `null`
		if i == 0 {
			count = `12`
		}
		r.Events = append(r.Events, Event{Payload: `{"generation":` + string(p) + `,"prompt_token_count":` + count + `,"generation_token_count":` + string(rune('1'+i)) + `,"stop_reason":null}`})
	}
	r.Events = append(r.Events, Event{Payload: `{"generation":"","prompt_token_count":null,"generation_token_count":9,"stop_reason":"stop",` +
		`"amazon-bedrock-invocationMetrics":{"inputTokenCount":12,"outputTokenCount":9,"invocationLatency":310,"firstByteLatency":90}}`})
	return r
}

// ClaudeInvokeStream is Claude's Messages stream through InvokeModel,
// one text delta per word.
func ClaudeInvokeStream(words ...string) []Event {
	ev := []Event{
		{Payload: `{"type":"message_start","message":{"id":"msg_bdrk_03","type":"message","role":"assistant","content":[],"model":"claude","usage":{"input_tokens":11,"output_tokens":1}}}`},
		{Payload: `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`},
		{Payload: `{"type":"ping"}`},
	}
	for _, w := range words {
		ev = append(ev, Event{Payload: `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"` + w + `"}}`})
	}
	return append(ev,
		Event{Payload: `{"type":"content_block_stop","index":0}`},
		Event{Payload: `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}`},
		Event{Payload: `{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":11,"outputTokenCount":4,"invocationLatency":420,"firstByteLatency":120}}`},
	)
}

// IsolateEnv keeps the developer's AWS setup out of a test: it clears
// every AWS_ variable and points the shared config and credentials files
// at nothing. A test that sets AWS variables of its own isolates first;
// a later call in the same test leaves them alone.
func IsolateEnv(t testing.TB) {
	t.Helper()
	if os.Getenv("LLM_GATEWAY_TEST_ISOLATED") == t.Name() {
		return
	}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "AWS_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	empty := t.TempDir() + "/none"
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("LLM_GATEWAY_TEST_ISOLATED", t.Name())
}
