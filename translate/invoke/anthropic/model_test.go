package anthropic

import "testing"

func TestLookupModel(t *testing.T) {
	for _, tc := range []struct {
		id                             string
		thinks, textOnly, docs, caches bool
		maxOutput                      int
	}{
		{id: claudeInstant, textOnly: true, maxOutput: 4096},
		{id: claude2, textOnly: true, maxOutput: 4096},
		{id: claude21, textOnly: true, maxOutput: 4096},
		{id: claude3Haiku, maxOutput: 4096},
		{id: claude3Sonnet, maxOutput: 4096},
		{id: claude3Opus, maxOutput: 4096},
		{id: claude35Sonnet, docs: true, maxOutput: 8192},
		{id: claude35SonnetV2, docs: true, maxOutput: 8192},
		{id: "anthropic.claude-3-5-haiku-20241022-v1:0", docs: true, caches: true, maxOutput: 8192},
		{id: claude37Sonnet, thinks: true, docs: true, caches: true, maxOutput: 64000},
		{id: claudeSonnet4, thinks: true, docs: true, caches: true, maxOutput: 64000},
		{id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", thinks: true, docs: true, caches: true, maxOutput: 64000},
		{id: "anthropic.claude-opus-4-20250514-v1:0", thinks: true, docs: true, caches: true, maxOutput: 32000},
		{id: "anthropic.claude-opus-4-1-20250805-v1:0", thinks: true, docs: true, caches: true, maxOutput: 32000},
		{id: "anthropic.claude-opus-4-5-20251101-v1:0", thinks: true, docs: true, caches: true, maxOutput: 64000},
		{id: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", maxOutput: 4096},
		// Nothing in the ID: everything is assumed, Bedrock has the last word.
		{id: profileARN, thinks: true, docs: true, caches: true},
	} {
		m := lookupModel(tc.id)
		if m.Thinking != tc.thinks || m.textOnly != tc.textOnly || m.documents != tc.docs || m.CachePoints != tc.caches || m.maxOutput != tc.maxOutput {
			t.Errorf("%s: thinks %v textOnly %v docs %v caches %v max %d", tc.id, m.Thinking, m.textOnly, m.documents, m.CachePoints, m.maxOutput)
		}
	}
}

func TestMaxTokens(t *testing.T) {
	for _, tc := range []struct {
		maxOutput, budget, want int
	}{
		{0, 0, 4096},
		{64000, 0, 4096},
		{2048, 0, 2048},               // a model whose maximum is smaller
		{64000, 2048, 2048 + 4096},    // room for the answer
		{64000, 62000, 64000},         // within the maximum
		{32000, 40000, 40000 + 4096},  // a budget over the maximum is Bedrock's to refuse
		{0, 100_000_000, 100_004_096}, // no known maximum
		{4096, 1024, 4096},            // never above the maximum
		{8192, 8191, 8192},
	} {
		m := model{maxOutput: tc.maxOutput}
		if got := m.maxTokens(tc.budget); got != tc.want {
			t.Errorf("max %d budget %d: %d, want %d", tc.maxOutput, tc.budget, got, tc.want)
		}
	}
}
