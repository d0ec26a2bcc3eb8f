package llama

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// TestTemplateFor: every Llama model ID of the supported models table (and
// the later ones) is of family llama and gets its generation's template;
// an imported model's ARN gets Llama 3's.
func TestTemplateFor(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want template
	}{
		{"meta.llama2-13b-chat-v1", llama2{}},
		{"meta.llama2-70b-chat-v1", llama2{}},
		{"meta.llama3-8b-instruct-v1:0", llama3},
		{"meta.llama3-70b-instruct-v1:0", llama3},
		{"meta.llama3-1-8b-instruct-v1:0", llama3},
		{"meta.llama3-1-70b-instruct-v1:0", llama3},
		{"meta.llama3-1-405b-instruct-v1:0", llama3},
		{"us.meta.llama3-2-11b-instruct-v1:0", llama3},
		{"us.meta.llama3-3-70b-instruct-v1:0", llama3},
		{"us.meta.llama4-maverick-17b-instruct-v1:0", llama4},
		{"arn:aws:bedrock:us-west-2::foundation-model/meta.llama2-13b-chat-v1", llama2{}},
		{importedARN, llama3},
	} {
		if got := templateFor(tc.id); got != tc.want {
			t.Errorf("%s: %T %v", tc.id, got, got)
		}
		if tc.id == importedARN {
			continue
		}
		if name, ok := invoke.FamilyOf(tc.id); !ok || name != "llama" {
			t.Errorf("%s: family %q", tc.id, name)
		}
	}
	for _, name := range []string{"llama", "llama2", "llama4"} {
		if _, ok := invoke.ByName(name); !ok {
			t.Errorf("family %s is not registered", name)
		}
	}
}
