package llmgateway

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// route is a resolved alias: everything ServeHTTP needs, built once.
// Exactly one of the provider accounts is set.
type route struct {
	alias         string
	provider      string
	upstreamModel string // bedrock: the model ID or ARN in the URL; azure: the deployment; azure_ai: the model
	ownedBy       string // owned_by in GET /v1/models

	bedrock  *bedrock.Account
	converse translate.ConverseOptions
	images   *imageFetcher // nil unless allow_remote_images

	azure     *azure.OpenAIAccount
	azureAI   *azure.AIAccount
	azureOpts translate.AzureOptions
}

func (g *Gateway) buildRoute(m *Model, resolve func(string) string) (*route, error) {
	if m.Alias == "" {
		return nil, fmt.Errorf("missing alias")
	}
	if strings.ContainsAny(m.Alias, " \t\r\n") {
		return nil, fmt.Errorf("alias must not contain white space")
	}
	t, err := parseTarget(m.Target)
	if err != nil {
		return nil, err
	}
	rt := &route{alias: m.Alias, provider: t.provider, upstreamModel: t.modelID}
	if m.ModelID != "" {
		if t.provider != providerBedrock {
			return nil, fmt.Errorf("model_id applies to bedrock targets only")
		}
		rt.upstreamModel = resolve(m.ModelID)
	}
	if m.AllowRemoteImages {
		if t.provider != providerBedrock {
			// Azure fetches image URLs itself.
			return nil, fmt.Errorf("allow_remote_images applies to bedrock targets only")
		}
		rt.images = newImageFetcher(m.RemoteImageMaxSize)
	}
	if (m.ThinkingBudget != 0 || m.UserContinueMessage != "") && t.provider != providerBedrock {
		return nil, fmt.Errorf("thinking and user_continue_message apply to bedrock targets only")
	}
	switch t.provider {
	case providerBedrock:
		rt.ownedBy = "aws-bedrock"
		if rt.bedrock, err = pickAccount(providerBedrock, g.Bedrock, m.Account); err != nil {
			return nil, err
		}
		rt.converse = translate.ConverseOptions{
			Model:                 translate.LookupBedrockModel(t.modelID),
			DropParams:            m.DropParams,
			UserContinueMessage:   m.UserContinueMessage,
			DefaultThinkingBudget: m.ThinkingBudget,
		}
	case providerAzure:
		rt.ownedBy = "azure-openai"
		if rt.azure, err = pickAccount(providerAzure, g.Azure, m.Account); err != nil {
			return nil, err
		}
		rt.azureOpts = translate.AzureOptions{
			Kind:         translate.AzureOpenAI,
			Deployment:   t.modelID,
			Reasoning:    translate.AzureReasoningDeployment(t.modelID),
			NonReasoning: translate.AzureNonReasoningDeployment(t.modelID),
			DropParams:   m.DropParams,
		}
	case providerAzureAI:
		rt.ownedBy = "azure-ai"
		if rt.azureAI, err = pickAccount(providerAzureAI, g.AzureAI, m.Account); err != nil {
			return nil, err
		}
		rt.azureOpts = translate.AzureOptions{
			Kind:            translate.AzureAI,
			Model:           t.modelID,
			ExtraParameters: rt.azureAI.ExtraParametersMode(),
			DropParams:      m.DropParams,
		}
	}
	return rt, nil
}

// pickAccount finds the named account of a provider, or its only one when
// name is empty.
func pickAccount[A any](provider string, accounts map[string]A, name string) (A, error) {
	var none A
	if name != "" {
		if a, ok := accounts[name]; ok {
			return a, nil
		}
		return none, fmt.Errorf("unknown %s account %q (configured: %s)", provider, name, accountNames(accounts))
	}
	switch len(accounts) {
	case 1:
		for _, a := range accounts {
			return a, nil
		}
	case 0:
		return none, fmt.Errorf("no %s account configured: add a %s block", provider, provider)
	}
	return none, fmt.Errorf("several %s accounts are configured (%s): name one with account", provider, accountNames(accounts))
}

func accountNames[A any](accounts map[string]A) string {
	names := make([]string, 0, len(accounts))
	for n := range accounts {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
