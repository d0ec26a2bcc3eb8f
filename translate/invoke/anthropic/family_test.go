package anthropic

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Every Claude row of the Supported models table, and the profiles and
// ARNs that name them, reach this family.
func TestFamilyOf(t *testing.T) {
	for _, id := range []string{
		claude35Sonnet, claude3Sonnet, claude3Haiku, claude3Opus, claude21, claude2, claudeInstant,
		claude37Sonnet, claude35SonnetV2, "eu.anthropic.claude-3-haiku-20240307-v1:0",
		"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2",
	} {
		name, ok := invoke.FamilyOf(id)
		if !ok || name != "anthropic" {
			t.Errorf("%s: %q %v", id, name, ok)
		}
		if f, ok := invoke.ByName(name); !ok || f != (Family{}) {
			t.Errorf("%s: ByName %v %v", id, f, ok)
		}
	}
}
