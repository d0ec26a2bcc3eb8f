package llama

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama/familytest"
)

// Model IDs of the supported models table, and an imported model's ARN.
const (
	llama3_8b    = "meta.llama3-8b-instruct-v1:0"
	llama3_70b   = "meta.llama3-70b-instruct-v1:0"
	llama31_8b   = "meta.llama3-1-8b-instruct-v1:0"
	llama31_70b  = "meta.llama3-1-70b-instruct-v1:0"
	llama31_405b = "meta.llama3-1-405b-instruct-v1:0"
	llama2_13b   = "meta.llama2-13b-chat-v1"
	llama2_70b   = "meta.llama2-70b-chat-v1"
	llama32_90b  = "us.meta.llama3-2-90b-instruct-v1:0"
	llama33_70b  = "us.meta.llama3-3-70b-instruct-v1:0"
	llama4Scout  = "us.meta.llama4-scout-17b-instruct-v1:0"
	importedARN  = "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcd1234efgh"
)

// TestChatGolden translates testdata/request/<name>.json and compares the
// body with <name>.golden.json; -update rewrites the golden files.
func TestChatGolden(t *testing.T) {
	familytest.ChatGolden(t, []familytest.BodyCase{
		{Name: "plain", Family: "llama", Opts: invoke.Options{ModelID: llama3_8b}},
		{Name: "system", Family: "llama", Opts: invoke.Options{ModelID: llama3_70b}},
		{Name: "multi_turn", Family: "llama", Opts: invoke.Options{ModelID: llama31_70b}},
		{Name: "params", Family: "llama", Opts: invoke.Options{ModelID: llama31_8b}, Absent: []string{"stream", "include_usage"}},
		{Name: "max_completion_tokens", Family: "llama", Opts: invoke.Options{ModelID: llama31_405b}, Absent: []string{"100,"}},
		{Name: "llama2_system", Family: "llama", Opts: invoke.Options{ModelID: llama2_13b}, Absent: []string{"start_header_id"}},
		{Name: "llama2_multi_turn", Family: "llama", Opts: invoke.Options{ModelID: llama2_70b}},
		{Name: "llama2_assistant_first", Family: "llama2", Opts: invoke.Options{ModelID: importedARN, UserContinueMessage: "Please continue."}},
		{Name: "llama2_assistant_first_unset", Family: "llama2", Opts: invoke.Options{ModelID: importedARN}},
		{Name: "llama2_prefill", Family: "llama", Opts: invoke.Options{ModelID: llama2_13b}},
		{Name: "llama4", Family: "llama", Opts: invoke.Options{ModelID: llama4Scout}, Absent: []string{"start_header_id", "eot_id"}},
		{Name: "imported", Family: "llama", Opts: invoke.Options{ModelID: importedARN}},
		{Name: "prefill", Family: "llama", Opts: invoke.Options{ModelID: llama3_8b}},
		{Name: "parts_and_merging", Family: "llama", Opts: invoke.Options{ModelID: llama3_8b}},
		{Name: "mid_system", Family: "llama", Opts: invoke.Options{ModelID: llama3_8b}},
		{Name: "drop_params", Family: "llama", Opts: invoke.Options{ModelID: llama32_90b, DropParams: true},
			Dropped: []string{"messages[0].content[1]", "messages[1].tool_calls", "messages[2]", "tools", "tool_choice",
				"response_format", "stop", "n", "logprobs", "top_logprobs", "logit_bias", "presence_penalty",
				"frequency_penalty", "seed", "modalities", "audio", "prediction", "service_tier", "web_search_options",
				"functions", "function_call", "verbosity", "max_gen_len", "prompt"},
			Absent: []string{"iVBOR", "lookup", "a cat", "injected", "\"stop\"", "alloy", "seed"}},
		{Name: "thinking", Family: "llama", Opts: invoke.Options{ModelID: llama33_70b}, Dropped: []string{"thinking", "reasoning_effort"},
			Absent: []string{"thinking", "budget", "reasoning"}},
		{Name: "extras_and_ignored", Family: "llama", Opts: invoke.Options{ModelID: llama3_8b}, Absent: []string{
			"user-1234", "metadata", "ops", "store", "parallel", "safety", "prompt_cache", "tools", "tool_choice",
			"response_format", "\"n\"", "logprobs", "penalty", "modalities", "stop", "temperature", "seed",
			"api_key", "sk-client", "aws", "eu-west-1", "X-Evil", "drop_params", "mocked"}},
	})
}

// TestTextGolden does the same for text completions, in testdata/text.
func TestTextGolden(t *testing.T) {
	familytest.TextGolden(t, []familytest.BodyCase{
		{Name: "plain", Family: "llama", Opts: invoke.Options{ModelID: llama3_8b}, Absent: []string{"user-1234", "stream"}},
		{Name: "drop_params", Family: "llama", Opts: invoke.Options{ModelID: llama2_13b, DropParams: true},
			Dropped: []string{"stop", "suffix", "logprobs", "n", "seed"}, Absent: []string{"INST", "that is all"}},
	})
}
