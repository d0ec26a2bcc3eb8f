package pricing

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// TestLoadOverlaysSnapshot checks the decision the package comment gives:
// the file wins, whole, for the keys it names, and the snapshot prices the
// rest.
func TestLoadOverlaysSnapshot(t *testing.T) {
	table, err := Load(filepath.Join("testdata", "overlay.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := Snapshot().Len() + 1; table.Len() != want {
		t.Errorf("Len = %d, want %d (the snapshot and one new entry)", table.Len(), want)
	}
	u := translate.Usage{PromptTokens: 1000, CachedTokens: 500, CompletionTokens: 100}

	replaced, ok := table.Lookup("bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0", "")
	if !ok || replaced.Has(CacheReadPerToken) {
		t.Errorf("replaced entry kept the snapshot's cache price: %+v", replaced)
	}
	if got, want := replaced.Cost(u), 1000*2e-06+100*1e-05; !near(got, want) {
		t.Errorf("replaced entry: Cost = %g, want %g", got, want)
	}
	// The cross-region profile keeps its own snapshot entry: the file did
	// not name it.
	if profile, _ := table.Lookup("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", ""); profile.InputCostPerToken != 3e-06 {
		t.Errorf("profile entry: %+v", profile)
	}
	if added, ok := table.Lookup("azure_ai", "my-private-finetune", ""); !ok || added.InputCostPerToken != 4e-07 {
		t.Errorf("added entry: %+v %v", added, ok)
	}
	if kept, ok := table.Lookup("azure", "gpt-4o", ""); !ok || kept.InputCostPerToken != 2.5e-06 {
		t.Errorf("snapshot entry lost: %+v %v", kept, ok)
	}
	if base, _ := Snapshot().Lookup("bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0", ""); base.InputCostPerToken != 3e-06 {
		t.Error("Load changed the shared snapshot")
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(filepath.Join("testdata", "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
	path := filepath.Join("testdata", "malformed", "negative_price.json")
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `field "output_cost_per_token"`) {
		t.Errorf("malformed file: error %v does not name the file and field", err)
	}
}
