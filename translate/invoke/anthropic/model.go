package anthropic

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
)

// model is what the family knows of the Claude model a line names.
type model struct {
	// Model says whether it thinks (Thinking) and caches prompts
	// (CachePoints), as for Converse.
	bedrockruntime.Model
	// textOnly: Claude 2.x and Claude Instant take text only (no images,
	// documents or tools), through the same Messages API body.
	textOnly bool
	// documents: PDF and text document blocks (Claude 3.5 and later).
	documents bool
	// maxOutput is the documented maximum of max_tokens, 0 when unknown.
	maxOutput int
}

// outputLimits are the documented output maximums (Anthropic's model
// comparison; Bedrock's model cards agree), longest prefix first where
// prefixes overlap. Claude 3.7 Sonnet takes 128000 with the
// output-128k-2025-02-19 beta, which a client asks for itself.
var outputLimits = []struct {
	prefix string
	max    int
}{
	{"claude-instant", 4096},
	{"claude-v2", 4096},
	{"claude-3-haiku", 4096},
	{"claude-3-sonnet", 4096},
	{"claude-3-opus", 4096},
	{"claude-3-5-sonnet", 8192},
	{"claude-3-5-haiku", 8192},
	{"claude-3-7-sonnet", 64000},
	{"claude-sonnet-4-5", 64000},
	{"claude-sonnet-4-2", 64000},
	{"claude-haiku-4-5", 64000},
	{"claude-opus-4-5", 64000},
	{"claude-opus-4-1", 32000},
	{"claude-opus-4-2", 32000},
}

// defaultMaxTokens is max_tokens when the client sets none, which the
// Messages API requires: LiteLLM's default, so answers are as long as
// there, and the smallest documented maximum of any Claude model, so it
// is valid for every one of them.
const defaultMaxTokens = 4096

// lookupModel describes the model modelID names (a model ID, a
// cross-region profile ID or an ARN). What an ID does not say (an
// application profile's ARN) is assumed present: Bedrock has the last
// word.
func lookupModel(modelID string) model {
	m := model{Model: bedrockruntime.LookupModel(modelID), documents: true}
	name, ok := strings.CutPrefix(m.ID, "anthropic.")
	if !ok {
		return m
	}
	switch {
	case strings.HasPrefix(name, "claude-v"), strings.HasPrefix(name, "claude-instant"):
		m.textOnly, m.documents = true, false
	case strings.HasPrefix(name, "claude-3-haiku"), strings.HasPrefix(name, "claude-3-sonnet"), strings.HasPrefix(name, "claude-3-opus"):
		m.documents = false
	}
	for _, l := range outputLimits {
		if strings.HasPrefix(name, l.prefix) {
			m.maxOutput = l.max
			break
		}
	}
	return m
}

// maxTokens is max_tokens for a request that sets none: with extended
// thinking, the budget and room for the answer after it, within the
// model's maximum when that leaves room above the budget.
func (m *model) maxTokens(thinkingBudget int) int {
	n := defaultMaxTokens
	if thinkingBudget > 0 {
		n = thinkingBudget + translate.ThinkingHeadroom
		if m.maxOutput > thinkingBudget && n > m.maxOutput {
			n = m.maxOutput
		}
		return n
	}
	if m.maxOutput > 0 && m.maxOutput < n {
		n = m.maxOutput
	}
	return n
}
