package llmgateway

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
)

// TestProvisionErrors: JSON configs (which skip the Caddyfile's checks)
// are refused at provision time with the alias and the reason.
func TestProvisionErrors(t *testing.T) {
	isolateAWSEnv(t)
	const accounts = `"bedrock":{"b":{"region":"us-east-1"}},"azure":{"a":{"endpoint":"https://r.openai.azure.com","api_key":"k"}},`
	for i, tc := range []struct {
		config string
		want   string
	}{
		{`{` + accounts + `"models":[{"alias":"m","target":"gpt-4o"}]}`, `model "m": target "gpt-4o" has no provider prefix`},
		{`{` + accounts + `"models":[{"alias":"m","target":"bedrock/invoke/x"}]}`, "not supported yet"},
		{`{` + accounts + `"models":[{"alias":"m","target":"bedrock/x"},{"alias":"m","target":"bedrock/y"}]}`, `model "m": alias defined twice`},
		{`{` + accounts + `"models":[{"alias":"","target":"bedrock/x"}]}`, "missing alias"},
		{`{` + accounts + `"models":[{"alias":"a b","target":"bedrock/x"}]}`, "white space"},
		{`{` + accounts + `"models":[{"alias":"m","target":"bedrock/x","account":"zz"}]}`, `unknown bedrock account "zz" (configured: b)`},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure/gpt-4o","model_id":"arn:x"}]}`, "model_id applies to bedrock targets only"},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure/gpt-4o","thinking_budget":2048}]}`, "bedrock targets only"},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure/gpt-4o","allow_remote_images":true}]}`, "allow_remote_images applies to bedrock targets only"},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure_ai/Phi-4"}]}`, "no azure_ai account configured"},
		{`{"bedrock":{"b":{"region":"us-east-1","access_key_id":"AKID"}}}`, "access_key_id and secret_access_key must be set together"},
		{`{"bedrock":{"b":null}}`, `bedrock account "b": empty configuration`},
		{`{"azure":{"a":{"endpoint":"https://r.openai.azure.com"}}}`, `azure account "a"`},
	} {
		g := new(Gateway)
		if err := json.Unmarshal([]byte(tc.config), g); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		ctx, cancel := caddy.NewContext(caddy.Context{Context: t.Context()})
		err := g.Provision(ctx)
		cancel()
		if err == nil {
			err = g.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%d: error %v, want it to contain %q", i, err, tc.want)
		}
		_ = g.Cleanup()
	}
}

func TestValidateThinkingBudget(t *testing.T) {
	g := &Gateway{Models: []*Model{{Alias: "m", Target: "bedrock/x", ThinkingBudget: 100}}}
	if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "below the minimum of 1024") {
		t.Errorf("error %v", err)
	}
}
