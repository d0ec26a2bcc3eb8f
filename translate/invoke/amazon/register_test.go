package amazon

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Every model ID of these families in the supported models list, and
// the forms a route may name them in.
func TestFamilyOf(t *testing.T) {
	for id, want := range map[string]string{
		"amazon.titan-text-lite-v1":      "titan",
		"amazon.titan-text-express-v1":   "titan",
		"amazon.titan-text-premier-v1:0": "titan",
		"amazon.nova-micro-v1:0":         "nova",
		"amazon.nova-lite-v1:0":          "nova",
		"amazon.nova-pro-v1:0":           "nova",
		"amazon.nova-premier-v1:0":       "nova",
		"us.amazon.nova-2-lite-v1:0":     "nova",
		"eu.amazon.nova-pro-v1:0":        "nova",
		"arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1": "titan",
		"amazon.titan-embed-text-v2:0":                                             "",
	} {
		got, ok := invoke.FamilyOf(id)
		if got != want || ok != (want != "") {
			t.Errorf("FamilyOf(%q) = %q, %v; want %q", id, got, ok, want)
		}
		if ok {
			if f, _ := invoke.ByName(got); f == nil {
				t.Errorf("%s: no family named %q", id, got)
			}
		}
	}
}
