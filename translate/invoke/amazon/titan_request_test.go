package amazon

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

var (
	titanRequests  = "testdata/titan/request"
	titanResponses = "testdata/titan/response"
	titanStreams   = "testdata/titan/stream"
)

func TestTitanRequestGolden(t *testing.T) {
	drop := invoke.Options{ModelID: "amazon.titan-text-express-v1", DropParams: true}
	plain := invoke.Options{ModelID: "amazon.titan-text-express-v1"}
	runRequestGolden(t, Titan{}, titanRequests, []requestCase{
		{name: "chat_plain", opts: plain},
		{name: "chat_system", opts: plain},
		{name: "chat_multi_turn", opts: plain},
		{name: "chat_prefill", opts: plain},
		{name: "chat_params", opts: plain},
		{name: "chat_stop_pipes", opts: plain},
		{name: "chat_thinking_dropped", opts: invoke.Options{ModelID: "amazon.titan-text-lite-v1"}, dropped: []string{"reasoning_effort", "thinking"}},
		{name: "chat_drop_params", opts: drop, dropped: []string{
			"tools", "tool_choice", "n", "seed", "top_k", "response_format", "logit_bias",
			"messages[0].content[1]", "messages[1].tool_calls", "messages[2]", "stop",
		}},
		{name: "text_plain", opts: plain},
		{name: "text_bare", opts: invoke.Options{ModelID: "amazon.titan-text-lite-v1"}},
		{name: "error_image", opts: plain},
		{name: "error_tools", opts: plain},
		{name: "error_tool_message", opts: plain},
		{name: "error_tool_choice", opts: plain},
		{name: "error_stop", opts: plain},
		{name: "error_stop_two", opts: plain},
		{name: "error_seed", opts: plain},
		{name: "error_top_k", opts: plain},
		{name: "error_n", opts: plain},
		{name: "error_logprobs", opts: plain},
		{name: "error_penalty", opts: plain},
		{name: "error_response_format", opts: plain},
		{name: "error_unknown", opts: plain},
		{name: "error_system_only", opts: plain},
		{name: "error_text_suffix", opts: plain},
		{name: "error_text_logprobs", opts: plain},
	})
}

func TestTitanStopOK(t *testing.T) {
	for s, ok := range map[string]bool{
		"User:": true, "|": true, "|||": true,
		"user:": false, "User: ": false, "Bot:": false, "\n": false, "|x": false,
	} {
		if titanStopOK(s) != ok {
			t.Errorf("titanStopOK(%q) = %v", s, !ok)
		}
	}
}
