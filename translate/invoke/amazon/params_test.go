package amazon

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Parameters no family here translates: what is ignored, dropped as a
// hint, taken at its neutral value, or refused.
func TestParamsRest(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		refused    bool
		dropped    bool
	}{
		{"user", `"u1"`, false, false},
		{"metadata", `{"a":"b"}`, false, false},
		{"store", `true`, false, false},
		{"parallel_tool_calls", `false`, false, false},
		{"api_base", `"https://evil.example"`, false, false},
		{"AWS_REGION", `"us-east-1"`, false, false},
		{"seed", `null`, false, false},
		{"thinking", `{"type":"enabled","budget_tokens":1024}`, false, true},
		{"reasoning_effort", `"low"`, false, true},
		{"n", `1`, false, false},
		{"n", `2`, true, false},
		{"presence_penalty", `0`, false, false},
		{"presence_penalty", `0.0`, false, false},
		{"frequency_penalty", `-0.5`, true, false},
		{"logprobs", `false`, false, false},
		{"logprobs", `true`, true, false},
		{"modalities", `["text"]`, false, false},
		{"modalities", `["text","audio"]`, true, false},
		{"seed", `1`, true, false},
		{"top_logprobs", `0`, true, false},
		{"logit_bias", `{}`, true, false},
		{"audio", `{}`, true, false},
		{"service_tier", `"auto"`, true, false},
		{"functions", `[]`, true, false},
		{"verbosity", `"low"`, true, false},
		{"anything_else", `1`, true, false},
	} {
		p := params{family: "Test"}
		err := p.rest(translate.Member{Key: tc.key, Value: json.RawMessage(tc.value)})
		if (err != nil) != tc.refused {
			t.Errorf("%s=%s: refused %v", tc.key, tc.value, err)
		}
		if err != nil && (err.Param != tc.key || err.Code != "unsupported_parameter") {
			t.Errorf("%s=%s: %+v", tc.key, tc.value, err)
		}
		if dropped := slices.Contains(p.dropped, tc.key); dropped != tc.dropped {
			t.Errorf("%s=%s: dropped %v", tc.key, tc.value, p.dropped)
		}
		// drop_params turns every refusal into a drop.
		p = params{family: "Test", drop: true}
		if err := p.rest(translate.Member{Key: tc.key, Value: json.RawMessage(tc.value)}); err != nil {
			t.Errorf("%s=%s with drop_params: %v", tc.key, tc.value, err)
		}
		if tc.refused && !slices.Contains(p.dropped, tc.key) {
			t.Errorf("%s=%s with drop_params: dropped %v", tc.key, tc.value, p.dropped)
		}
	}
}
