package bedrockruntime

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want translate.Usage
		ok   bool
	}{
		// Converse and Nova: the input count leaves the cache out.
		{`{"inputTokens":4,"outputTokens":71,"totalTokens":999,"cacheReadInputTokens":1500,"cacheWriteInputTokens":200}`,
			translate.Usage{PromptTokens: 1704, CompletionTokens: 71, TotalTokens: 1775, CachedTokens: 1500, CacheWriteTokens: 200}, true},
		// InvokeModel's invocation metrics.
		{`{"inputTokenCount":7,"outputTokenCount":2,"invocationLatency":100,"cacheReadInputTokenCount":3}`,
			translate.Usage{PromptTokens: 10, CompletionTokens: 2, TotalTokens: 12, CachedTokens: 3}, true},
		{`{"inputTokens":5,"cacheWriteInputTokens":null}`, translate.Usage{PromptTokens: 5, TotalTokens: 5}, true},
		{`{"inputTokens":1.5}`, translate.Usage{}, false},
		{`{"outputTokens":"2"}`, translate.Usage{}, false},
		{`[]`, translate.Usage{}, false},
	} {
		got, ok := Usage([]byte(tc.raw))
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: got %+v, %v; want %+v, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}
