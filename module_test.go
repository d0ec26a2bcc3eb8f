package llmgateway

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
	"github.com/caddyserver/caddy/v2"
)

// TestProvisionErrors: JSON configs (which skip the Caddyfile's checks)
// are refused at provision time with the alias and the reason.
func TestProvisionErrors(t *testing.T) {
	fakebedrock.IsolateEnv(t)
	const accounts = `"bedrock":{"b":{"region":"us-east-1"}},"azure":{"a":{"endpoint":"https://r.openai.azure.com","api_key":"k"}},`
	for i, tc := range []struct {
		config string
		want   string
	}{
		{`{` + accounts + `"models":[{"alias":"m","target":"gpt-4o"}]}`, `model "m" (models[0]): target "gpt-4o" has no provider prefix`},
		{`{` + accounts + `"models":[{"alias":"m","target":"bedrock/invoke/x"}]}`, `cannot tell the InvokeModel family of "x": set family`},
		{`{` + accounts + `"models":[{"alias":"","target":"bedrock/x"}]}`, "missing alias"},
		{`{` + accounts + `"models":[{"alias":"a b","target":"bedrock/x"}]}`, "white space"},
		{`{` + accounts + `"models":[{"alias":"m","target":"bedrock/x","account":"zz"}]}`, `unknown bedrock account "zz" (configured: b)`},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure/gpt-4o","model_id":"arn:x"}]}`, "model_id applies to bedrock targets only"},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure/gpt-4o","thinking_budget":2048}]}`, "bedrock targets only"},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure/gpt-4o","allow_remote_images":true}]}`, "allow_remote_images applies to bedrock targets only"},
		{`{` + accounts + `"models":[{"alias":"m","target":"azure_ai/Phi-4"}]}`, "no azure_ai account configured"},
		{`{` + accounts + `"models":[{"alias":"m","target":"bedrock/invoke/amazon.rerank-v1:0"}]}`, "amazon.rerank-v1:0 reranks through Bedrock's Rerank API only"},
		{`{` + accounts + `"models":[{"alias":"m","target":"bedrock/cohere.rerank-v3-5:0","family":"cohere"}]}`, "family does not apply to cohere.rerank-v3-5:0"},
		{`{"bedrock":{"b":{"region":"us-east-1","agent_endpoint":"https://u:secret@agent.example"}}}`, "agent_endpoint must not contain user info"},
		{`{"bedrock":{"b":{"region":"us-east-1","access_key_id":"AKID"}}}`, "access_key_id and secret_access_key must be set together"},
		{`{"bedrock":{"b":null}}`, `bedrock account "b": empty configuration`},
		{`{"azure":{"a":{"endpoint":"https://r.openai.azure.com","api_key":"k","azure_cli":true}}}`, `azure account "a": api_key and azure_cli cannot both be set`},
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

// TestPlaceholdersInModelLines: every value of a model line, the target
// included, is resolved at provision and checked after resolving.
func TestPlaceholdersInModelLines(t *testing.T) {
	fakebedrock.IsolateEnv(t)
	t.Setenv("GW_MID", "us.deepseek.r1-v1:0")
	t.Setenv("GW_ALIAS", "r1")
	t.Setenv("GW_BUDGET", "4096")
	t.Setenv("GW_BODY", "2MiB")
	t.Setenv("GW_ACCOUNT", "b")
	t.Setenv("GW_EMPTY", "")
	const accounts = `"bedrock":{"b":{"region":"us-east-1"}},`
	provision := func(config string) (*Gateway, error) {
		g := new(Gateway)
		if err := json.Unmarshal([]byte(config), g); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := caddy.NewContext(caddy.Context{Context: t.Context()})
		defer cancel()
		t.Cleanup(func() { _ = g.Cleanup() })
		err := g.Provision(ctx)
		if err == nil {
			err = g.Validate()
		}
		return g, err
	}

	g, err := provision(`{` + accounts + `"max_request_body":"{env.GW_BODY}","models":[{"alias":"{env.GW_ALIAS}",
		"target":"bedrock/{env.GW_MID}","account":"{env.GW_ACCOUNT}","thinking_budget":"{env.GW_BUDGET}"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	p := g.pools["r1"]
	if p == nil || p.deployments[0].upstreamModel != "us.deepseek.r1-v1:0" || g.maxBody != 2<<20 {
		t.Fatalf("pools %v, max body %d", g.pools, g.maxBody)
	}
	if line, err := resolveLine(g.Models[0], caddy.NewReplacer()); err != nil || bedrockLine(line).ThinkingBudget != 4096 {
		t.Errorf("thinking budget: %v %v", line, err)
	}

	for i, tc := range []struct {
		config string
		want   []string
	}{
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/{env.GW_EMPTY}"}]}`,
			[]string{`model "a" (models[0])`, `target bedrock/{env.GW_EMPTY} resolved to "bedrock/"`, "missing model ID"}},
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/x"},{"alias":"b","target":"{env.GW_EMPTY}"}]}`,
			[]string{`model "b" (models[1])`, "missing target"}},
		{`{` + accounts + `"models":[{"alias":"{env.GW_EMPTY}","target":"bedrock/x"}]}`, []string{"alias {env.GW_EMPTY} resolved to nothing"}},
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/x","thinking_budget":"{env.GW_EMPTY}"}]}`, []string{"thinking: {env.GW_EMPTY} resolved to nothing"}},
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/x","thinking_budget":"{env.GW_MID}"}]}`, []string{"not a whole number"}},
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/x","thinking_budget":"{env.GW_ACCOUNT}"}]}`, []string{"not a whole number"}},
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/x","thinking_budget":100}]}`, []string{"thinking budget 100 is outside 1024"}},
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/x","model_id":"{env.GW_EMPTY}"}]}`, []string{"model_id {env.GW_EMPTY} resolved to nothing"}},
		{`{` + accounts + `"max_request_body":"{env.GW_MID}"}`, []string{"max_request_body", "not a size"}},
		{`{` + accounts + `"models":[{"alias":"a","target":"bedrock/x","account":"{env.GW_MID}"}]}`, []string{`unknown bedrock account "us.deepseek.r1-v1:0"`}},
	} {
		if _, err := provision(tc.config); err == nil {
			t.Errorf("%d: no error", i)
		} else {
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%d: error %q does not contain %q", i, err, want)
				}
			}
		}
	}
}
