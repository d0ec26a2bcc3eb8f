package ai21

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// TestFamilyOf: every AI21 model ID on Bedrock, as the gateway's model
// lines may name it, finds its family.
func TestFamilyOf(t *testing.T) {
	for id, want := range map[string]string{
		"ai21.j2-mid-v1":              "j2",
		"ai21.j2-ultra-v1":            "j2",
		"ai21.jamba-instruct-v1:0":    "jamba",
		"ai21.jamba-1-5-large-v1:0":   "jamba",
		"ai21.jamba-1-5-mini-v1:0":    "jamba",
		"us.ai21.jamba-1-5-mini-v1:0": "jamba",
		"arn:aws:bedrock:us-east-1::foundation-model/ai21.jamba-instruct-v1:0": "jamba",
	} {
		if got, ok := invoke.FamilyOf(id); !ok || got != want {
			t.Errorf("FamilyOf(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
	for name, f := range map[string]invoke.Family{"jamba": Jamba{}, "j2": J2{}} {
		if got, ok := invoke.ByName(name); !ok || got != f {
			t.Errorf("ByName(%q) = %v, %v", name, got, ok)
		}
	}
}

// TestJambaTools: Jamba 1.5 takes tools and response_format, Jamba-Instruct
// does not; an ID that names no model is not held back.
func TestJambaTools(t *testing.T) {
	for id, want := range map[string]bool{
		"ai21.jamba-instruct-v1:0":    false,
		"us.ai21.jamba-instruct-v1:0": false,
		"ai21.jamba-1-5-large-v1:0":   true,
		"ai21.jamba-1-5-mini-v1:0":    true,
		"":                            true,
		"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc": true,
	} {
		if got := jambaTools(id); got != want {
			t.Errorf("jambaTools(%q) = %v, want %v", id, got, want)
		}
	}
}
