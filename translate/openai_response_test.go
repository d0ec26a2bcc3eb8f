package translate

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestFinishReason(t *testing.T) {
	for stop, want := range map[string]string{
		"end_turn":                      "stop",
		"stop_sequence":                 "stop",
		"max_tokens":                    "length",
		"model_context_window_exceeded": "length",
		"tool_use":                      "tool_calls",
		"guardrail_intervened":          "content_filter",
		"content_filtered":              "content_filter",
		"":                              "stop",
		"something_new":                 "stop",
		"END_TURN":                      "stop",
		"MAX_TOKENS":                    "stop", // Bedrock's values are lowercase; no guessing
	} {
		if got := finishReason(stop); got != want {
			t.Errorf("finishReason(%q) = %q, want %q", stop, got, want)
		}
	}
}

func TestUsageFromBedrock(t *testing.T) {
	for _, tc := range []struct {
		in   *TokenUsage
		want Usage
		json string
	}{
		{nil, Usage{}, `{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`},
		{
			&TokenUsage{InputTokens: 10, OutputTokens: 5, TotalTokens: 15},
			Usage{PromptTokens: 10, CompletionTokens: 5, TotalTokens: 15},
			`{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`,
		},
		{
			// inputTokens excludes both cache figures; totalTokens includes them.
			&TokenUsage{InputTokens: 4, OutputTokens: 71, TotalTokens: 1775, CacheReadInputTokens: 1500, CacheWriteInputTokens: 200},
			Usage{PromptTokens: 1704, CompletionTokens: 71, TotalTokens: 1775, CachedTokens: 1500, CacheWriteTokens: 200},
			`{"prompt_tokens":1704,"completion_tokens":71,"total_tokens":1775,"prompt_tokens_details":{"cached_tokens":1500},"cache_read_input_tokens":1500,"cache_creation_input_tokens":200}`,
		},
		{
			// A totalTokens that disagrees is not trusted over the parts.
			&TokenUsage{InputTokens: 4, OutputTokens: 6, TotalTokens: 999},
			Usage{PromptTokens: 4, CompletionTokens: 6, TotalTokens: 10},
			`{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`,
		},
		{
			// Counts no model reports, from a broken upstream: the sums
			// saturate instead of wrapping around.
			&TokenUsage{InputTokens: math.MaxInt, OutputTokens: math.MaxInt, CacheReadInputTokens: 1},
			Usage{PromptTokens: math.MaxInt, CompletionTokens: math.MaxInt, TotalTokens: math.MaxInt, CachedTokens: 1},
			strings.NewReplacer("MAX", strconv.Itoa(math.MaxInt)).Replace(
				`{"prompt_tokens":MAX,"completion_tokens":MAX,"total_tokens":MAX,"prompt_tokens_details":{"cached_tokens":1},"cache_read_input_tokens":1,"cache_creation_input_tokens":0}`),
		},
	} {
		got := usageFromBedrock(tc.in)
		if got != tc.want {
			t.Errorf("usageFromBedrock(%+v) = %+v, want %+v", tc.in, got, tc.want)
		}
		if j := appendUsage(nil, got); string(j) != tc.json {
			t.Errorf("appendUsage = %s, want %s", j, tc.json)
		}
	}
}

func TestAppendStringInner(t *testing.T) {
	got := appendStringInner([]byte(`"`), "a\"b\n")
	got = appendStringInner(got, "é\u2028")
	got = append(got, '"')
	var back string
	if err := json.Unmarshal(got, &back); err != nil || back != "a\"b\né\u2028" {
		t.Errorf("got %s (%q, %v)", got, back, err)
	}
}
