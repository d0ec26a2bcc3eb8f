package cohere

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// TestFamilyOf checks that every Cohere text model ID reaches its
// family: Command R and R+ must not fall to Command's shorter prefix.
func TestFamilyOf(t *testing.T) {
	for id, want := range map[string]string{
		"cohere.command-text-v14":                                             "cohere",
		"cohere.command-light-text-v14":                                       "cohere",
		"cohere.command-r-v1:0":                                               "cohere_chat",
		"cohere.command-r-plus-v1:0":                                          "cohere_chat",
		"us.cohere.command-r-plus-v1:0":                                       "cohere_chat",
		"arn:aws:bedrock:us-east-1::foundation-model/cohere.command-r-v1:0":   "cohere_chat",
		"arn:aws:bedrock:us-east-1::foundation-model/cohere.command-text-v14": "cohere",
	} {
		if got, ok := invoke.FamilyOf(id); got != want || !ok {
			t.Errorf("FamilyOf(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
	// Embedding and rerank models are not chat models.
	for _, id := range []string{"cohere.embed-english-v3", "cohere.rerank-v3-5:0"} {
		if got, ok := invoke.FamilyOf(id); ok {
			t.Errorf("FamilyOf(%q) = %q", id, got)
		}
	}
	for _, name := range []string{"cohere", "cohere_chat"} {
		if _, ok := invoke.ByName(name); !ok {
			t.Errorf("%s is not registered", name)
		}
	}
}
