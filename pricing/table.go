package pricing

import (
	"fmt"
	"os"
	"strings"
)

// Table is a read-only set of entries under LiteLLM's keys. It is safe for
// concurrent use; Overlay and Load build new tables rather than change one.
type Table struct {
	entries map[string]Entry
	// folded maps each key in lower case to the key, for the last resort of
	// a lookup: Azure model names are typed by hand and their case drifts
	// from LiteLLM's ("Phi-4" against "phi-4").
	folded map[string]string
}

func newTable(entries map[string]Entry) *Table {
	t := &Table{entries: entries, folded: make(map[string]string, len(entries))}
	for key := range entries {
		t.folded[strings.ToLower(key)] = key
	}
	return t
}

// Load reads the file at path and lays it over the snapshot: the file's
// entries win, whole, for every key it has, and the snapshot prices the
// rest (see the package comment for why).
func Load(path string) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return Snapshot().Overlay(file), nil
}

// Overlay returns a table holding t's entries with top's in place of any t
// has under the same key.
func (t *Table) Overlay(top *Table) *Table {
	entries := make(map[string]Entry, len(t.entries)+len(top.entries))
	for key, e := range t.entries {
		entries[key] = e
	}
	for key, e := range top.entries {
		entries[key] = e
	}
	return newTable(entries)
}

// Len is the number of entries.
func (t *Table) Len() int { return len(t.entries) }

// Entry returns the entry under a LiteLLM key exactly as the file has it,
// for callers and tests that already know the key; Lookup resolves a model.
func (t *Table) Entry(key string) (Entry, bool) {
	e, ok := t.entries[key]
	return e, ok
}

// Lookup finds the entry for a model the gateway calls upstream. provider is
// "bedrock", "azure" or "azure_ai". modelID is what goes upstream: a Bedrock
// model ID, cross-region inference profile ID or ARN; an Azure deployment's
// model name; an Azure AI model name. region is the Bedrock account's region
// ("us-east-1"), or for Azure the deployment's data zone or type as LiteLLM
// names it ("eu", "us", "global", "global-standard"), or empty.
//
// The most specific key wins: for Bedrock, the region's own key, then the
// cross-region profile's, then the plain model ID's; for Azure, the zone's,
// then the model's. Exact keys are tried before keys that differ only in
// case. An entry that LiteLLM files under another provider does not count.
// Lookups happen once per model line at provision.
func (t *Table) Lookup(provider, modelID, region string) (Entry, bool) {
	candidates, ok := lookupKeys(provider, strings.TrimSpace(modelID), strings.TrimSpace(region))
	if !ok {
		return Entry{}, false
	}
	return t.first(provider, candidates)
}

// first returns the entry under the first candidate key that has one of the
// provider's, trying every key exactly before any in another case.
func (t *Table) first(provider string, candidates []string) (Entry, bool) {
	for _, key := range candidates {
		if e, ok := t.entries[key]; ok && belongsTo(e, provider) {
			return e, true
		}
	}
	for _, key := range candidates {
		if exact, ok := t.folded[strings.ToLower(key)]; ok {
			if e := t.entries[exact]; belongsTo(e, provider) {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// belongsTo reports whether LiteLLM files e under the gateway's provider. An
// entry without litellm_provider, as an operator's own file may have it,
// belongs to whichever provider's key it sits under.
func belongsTo(e Entry, provider string) bool {
	switch e.Provider {
	case "":
		return true
	case "bedrock", "bedrock_converse":
		return provider == "bedrock"
	case "azure", "azure_text":
		return provider == "azure"
	case "azure_ai":
		return provider == "azure_ai"
	}
	return false
}
