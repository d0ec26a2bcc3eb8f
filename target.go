package llmgateway

import (
	"fmt"
	"strings"

	azurebackend "github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend/azure"
	bedrockbackend "github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend/bedrock"
)

// target is a parsed model target: LiteLLM's model string, e.g.
// "bedrock/us.deepseek.r1-v1:0", "azure/<deployment>" or "azure_ai/<model>".
type target struct {
	provider string // bedrock, azure or azure_ai
	// api is, for bedrock, the route: apiAuto (bedrock/<modelId>: Converse
	// where it serves the model, else InvokeModel), apiConverse,
	// apiInvoke or apiConverseLike.
	api string
	// family is the InvokeModel family a route names (bedrock/llama/,
	// bedrock/deepseek_r1/); empty when the model ID tells.
	family string
	// modelID is what follows the route prefix: for bedrock a model ID, a
	// profile ID or an ARN; for azure the deployment; for azure_ai the model.
	modelID string
}

// Bedrock APIs a target can name.
const (
	apiAuto         = ""
	apiConverse     = "converse"
	apiInvoke       = "invoke"
	apiConverseLike = "converse_like"
)

// Providers, as they appear in targets and in the Caddyfile.
const (
	providerBedrock = bedrockbackend.Provider
	providerAzure   = azurebackend.Provider
	providerAzureAI = azurebackend.ProviderAI
)

// acceptedTargets is shown whenever a target cannot be used.
const acceptedTargets = "bedrock/<modelId>, bedrock/converse/<modelId>, bedrock/invoke/<modelId> (modelId may carry a cross-region prefix such as us. or be an ARN), bedrock/llama/<arn>, bedrock/deepseek_r1/<arn>, bedrock/converse_like/<model>, azure/<deployment>, azure_ai/<model>"

// bedrockRoutes are LiteLLM's bedrock/<route>/ prefixes: the API each
// uses, and the InvokeModel family the imported-model routes name.
var bedrockRoutes = map[string]struct{ api, family string }{
	"converse":      {apiConverse, ""},
	"invoke":        {apiInvoke, ""},
	"llama":         {apiInvoke, "llama"},
	"deepseek_r1":   {apiInvoke, "deepseek"},
	"converse_like": {apiConverseLike, ""},
}

// parseTarget checks a target string. Errors name the accepted forms;
// callers add the position (the Caddyfile line, or the model alias).
func parseTarget(s string) (target, error) {
	if s == "" {
		return target{}, fmt.Errorf("missing target; accepted forms: %s", acceptedTargets)
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return target{}, fmt.Errorf("target %q contains white space", s)
	}
	provider, rest, ok := strings.Cut(s, "/")
	if !ok {
		if looksLikeBedrockModel(s) {
			return target{}, fmt.Errorf("target %q has no provider prefix: did you mean bedrock/%s? accepted forms: %s", s, s, acceptedTargets)
		}
		return target{}, fmt.Errorf("target %q has no provider prefix; accepted forms: %s", s, acceptedTargets)
	}
	switch provider {
	case providerBedrock:
		return parseBedrockTarget(s, rest)
	case providerAzure, providerAzureAI:
		if rest == "" {
			return target{}, fmt.Errorf("target %q: missing %s; accepted forms: %s", s, map[string]string{providerAzure: "deployment name", providerAzureAI: "model name"}[provider], acceptedTargets)
		}
		return target{provider: provider, modelID: rest}, nil
	}
	return target{}, fmt.Errorf("target %q: unknown provider %q; accepted forms: %s", s, provider, acceptedTargets)
}

func parseBedrockTarget(s, rest string) (target, error) {
	t := target{provider: providerBedrock, api: apiAuto, modelID: rest}
	if !strings.HasPrefix(rest, "arn:") {
		if prefix, id, nested := strings.Cut(rest, "/"); nested {
			r, ok := bedrockRoutes[prefix]
			if !ok {
				return target{}, fmt.Errorf("target %q: unknown bedrock route %q; accepted forms: %s", s, prefix, acceptedTargets)
			}
			t.api, t.family, t.modelID = r.api, r.family, id
		}
	}
	// LiteLLM's docs spell SD3 Large "bedrock/stability.stability.sd3-large-v1:0",
	// and users copy it: the doubled provider means the one model ID.
	t.modelID = strings.Replace(t.modelID, "stability.stability.", "stability.", 1)
	switch {
	case t.modelID == "":
		return target{}, fmt.Errorf("target %q: missing model ID; accepted forms: %s", s, acceptedTargets)
	case strings.Contains(t.modelID, "/") && !strings.HasPrefix(t.modelID, "arn:") && t.api != apiConverseLike:
		// Model and profile IDs have no '/'; only ARNs do.
		return target{}, fmt.Errorf("target %q: %q is not a Bedrock model ID or ARN; accepted forms: %s", s, t.modelID, acceptedTargets)
	}
	return t, nil
}

// looksLikeBedrockModel spots a bare Bedrock model ID such as
// "us.deepseek.r1-v1:0" or "anthropic.claude-v2", to suggest the prefix.
func looksLikeBedrockModel(s string) bool {
	for _, p := range []string{"anthropic.", "meta.", "deepseek.", "amazon.", "mistral.", "cohere.", "ai21.", "writer.", "qwen.", "openai."} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return strings.HasPrefix(s, "arn:aws")
}
