package mistral

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// TestRegistered: every Mistral model ID, bare, cross-region or as a
// foundation-model ARN, is the family's, and gets the body it takes.
func TestRegistered(t *testing.T) {
	if f, ok := invoke.ByName("mistral"); !ok || f != (family{}) {
		t.Fatalf("ByName(mistral) = %v, %v", f, ok)
	}
	for _, tc := range []struct {
		id     string
		prompt bool
	}{
		{mistral7B, true},
		{mixtral, true},
		{"us." + mixtral, true},
		{"arn:aws:bedrock:us-west-2::foundation-model/" + mistral7B, true},
		{large2402, false},
		{large2407, false},
		{small2402, false},
		{"eu." + large2402, false},
		{"mistral.pixtral-large-2502-v1:0", false},
		{"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.mistral.pixtral-large-2502-v1:0", false},
	} {
		if name, ok := invoke.FamilyOf(tc.id); !ok || name != "mistral" {
			t.Errorf("FamilyOf(%s) = %q, %v", tc.id, name, ok)
		}
		if got := takesPrompt(tc.id); got != tc.prompt {
			t.Errorf("takesPrompt(%s) = %v", tc.id, got)
		}
	}
	// A provisioned model's ARN names no model: the chat body, which the
	// current models take.
	if takesPrompt("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc") {
		t.Error("an ARN without a model takes a prompt")
	}
}
