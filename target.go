package llmgateway

import (
	"fmt"
	"strings"
)

// target is a parsed model target: LiteLLM's model string, e.g.
// "bedrock/us.deepseek.r1-v1:0", "azure/<deployment>" or "azure_ai/<model>".
type target struct {
	provider string // bedrock, azure or azure_ai
	api      string // bedrock: "converse"
	// modelID is what follows the route prefix: for bedrock a model ID, a
	// profile ID or an ARN; for azure the deployment; for azure_ai the model.
	modelID string
}

// Providers, as they appear in targets and in the Caddyfile.
const (
	providerBedrock = "bedrock"
	providerAzure   = "azure"
	providerAzureAI = "azure_ai"
)

// acceptedTargets is shown whenever a target cannot be used.
const acceptedTargets = "bedrock/<modelId>, bedrock/converse/<modelId> (modelId may carry a cross-region prefix such as us. or be an ARN), azure/<deployment>, azure_ai/<model>"

// invokeRoutes are LiteLLM's InvokeModel route prefixes. They parse, so the
// error can say exactly why they cannot be served yet.
var invokeRoutes = map[string]bool{"invoke": true, "llama": true, "deepseek_r1": true, "converse_like": true}

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
	t := target{provider: providerBedrock, api: "converse", modelID: rest}
	if !strings.HasPrefix(rest, "arn:") {
		if route, id, nested := strings.Cut(rest, "/"); nested {
			switch {
			case route == "converse":
				t.modelID = id
			case invokeRoutes[route]:
				return target{}, fmt.Errorf("target %q: the bedrock/%s/ route uses Bedrock's InvokeModel API, which is not supported yet; use bedrock/converse/%s if the model supports Converse", s, route, id)
			default:
				return target{}, fmt.Errorf("target %q: unknown bedrock route %q; accepted forms: %s", s, route, acceptedTargets)
			}
		}
	}
	if t.modelID == "" || strings.HasPrefix(t.modelID, "converse/") {
		return target{}, fmt.Errorf("target %q: missing model ID; accepted forms: %s", s, acceptedTargets)
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
