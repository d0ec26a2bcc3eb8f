package converse

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func TestUsageFromBedrock(t *testing.T) {
	for _, tc := range []struct {
		in   *TokenUsage
		want translate.Usage
		json string
	}{
		{nil, translate.Usage{}, `{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`},
		{
			&TokenUsage{InputTokens: 10, OutputTokens: 5, TotalTokens: 15},
			translate.Usage{PromptTokens: 10, CompletionTokens: 5, TotalTokens: 15},
			`{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`,
		},
		{
			// inputTokens excludes both cache figures; totalTokens includes them.
			&TokenUsage{InputTokens: 4, OutputTokens: 71, TotalTokens: 1775, CacheReadInputTokens: 1500, CacheWriteInputTokens: 200},
			translate.Usage{PromptTokens: 1704, CompletionTokens: 71, TotalTokens: 1775, CachedTokens: 1500, CacheWriteTokens: 200},
			`{"prompt_tokens":1704,"completion_tokens":71,"total_tokens":1775,"prompt_tokens_details":{"cached_tokens":1500},"cache_read_input_tokens":1500,"cache_creation_input_tokens":200}`,
		},
		{
			// A totalTokens that disagrees is not trusted over the parts.
			&TokenUsage{InputTokens: 4, OutputTokens: 6, TotalTokens: 999},
			translate.Usage{PromptTokens: 4, CompletionTokens: 6, TotalTokens: 10},
			`{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`,
		},
		{
			// Counts no model reports, from a broken upstream: the sums
			// saturate instead of wrapping around.
			&TokenUsage{InputTokens: math.MaxInt, OutputTokens: math.MaxInt, CacheReadInputTokens: 1},
			translate.Usage{PromptTokens: math.MaxInt, CompletionTokens: math.MaxInt, TotalTokens: math.MaxInt, CachedTokens: 1},
			strings.NewReplacer("MAX", strconv.Itoa(math.MaxInt)).Replace(
				`{"prompt_tokens":MAX,"completion_tokens":MAX,"total_tokens":MAX,"prompt_tokens_details":{"cached_tokens":1},"cache_read_input_tokens":1,"cache_creation_input_tokens":0}`),
		},
	} {
		got := usageFromBedrock(tc.in)
		if got != tc.want {
			t.Errorf("usageFromBedrock(%+v) = %+v, want %+v", tc.in, got, tc.want)
		}
		if j := translate.AppendUsage(nil, got); string(j) != tc.json {
			t.Errorf("AppendUsage = %s, want %s", j, tc.json)
		}
	}
}
