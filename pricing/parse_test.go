package pricing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseToleratesLiteLLMsFile(t *testing.T) {
	data, err := os.ReadFile("testdata/tolerated.json")
	if err != nil {
		t.Fatal(err)
	}
	table, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := table.Entry(sampleSpec); ok {
		t.Error("sample_spec became an entry")
	}
	if table.Len() != 3 {
		t.Errorf("Len = %d, want 3", table.Len())
	}
	claude, _ := table.Entry("anthropic.claude-3-7-sonnet-20250219-v1:0")
	want := Entry{
		Provider: "bedrock_converse", Mode: "chat",
		InputCostPerToken: 3e-06, OutputCostPerToken: 1.5e-05,
		CacheReadInputTokenCost: 3e-07, CacheCreationInputTokenCost: 3.75e-06,
		present: InputPerToken | OutputPerToken | CacheReadPerToken | CacheWritePerToken,
	}
	if claude != want {
		t.Errorf("entry = %+v\nwant    %+v (strings parsed, null absent, nested objects skipped)", claude, want)
	}
	qwen, _ := table.Entry("dashscope/qwen-plus-2025-04-28")
	if !qwen.Has(ReasoningPerToken) || qwen.OutputCostPerReasoningToken != 4e-06 {
		t.Errorf("reasoning price: %+v", qwen)
	}
	router, _ := table.Entry("azure_ai/model_router")
	if !router.Has(OutputPerToken) || router.OutputCostPerToken != 0 {
		t.Errorf("integer zero: %+v", router)
	}
}

// TestParseMalformed checks that an operator's broken file is refused with
// an error that says which entry and which field to fix.
func TestParseMalformed(t *testing.T) {
	for i, tc := range []struct {
		file string
		want []string
	}{
		{"price_not_a_number.json", []string{`entry "anthropic.claude-v2:1"`, `field "input_cost_per_token"`, "eight dollars"}},
		{"negative_price.json", []string{`entry "anthropic.claude-v2:1"`, `field "output_cost_per_token"`, "-2.4e-05"}},
		{"price_is_an_object.json", []string{`entry "azure/gpt-4o"`, `field "cache_read_input_token_cost"`}},
		{"provider_not_a_string.json", []string{`entry "azure/gpt-4o"`, `field "litellm_provider"`}},
		{"entry_not_an_object.json", []string{`entry "azure/gpt-4o"`, "not a JSON object"}},
		{"not_an_object.json", []string{"not a JSON object of model entries"}},
		{"truncated.json", []string{"not a JSON object of model entries"}},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", "malformed", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse(data)
		if err == nil {
			t.Errorf("%d %s: no error", i, tc.file)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%d %s: error %q does not say %q", i, tc.file, err, w)
			}
		}
	}
}

func TestParseRejectsNonFinite(t *testing.T) {
	for _, v := range []string{`"NaN"`, `"Inf"`, `"-Inf"`, `""`, `true`, `"1e400"`} {
		_, err := Parse([]byte(`{"m": {"input_cost_per_token": ` + v + `}}`))
		if err == nil || !strings.Contains(err.Error(), `field "input_cost_per_token"`) {
			t.Errorf("%s: error %v", v, err)
		}
	}
}
