package llmgateway

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caddyserver/caddy/v2"

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

	bedrock        *bedrock.Account
	converse       translate.ConverseOptions
	images         *imageFetcher // nil unless allow_remote_images
	thinkingBudget int

	azure     *azure.OpenAIAccount
	azureAI   *azure.AIAccount
	azureOpts translate.AzureOptions
}

// buildRoute resolves a model line's placeholders, then checks and builds
// what serving it needs, so a value from the environment is held to the
// same rules as one written in the config.
func (g *Gateway) buildRoute(m *Model, repl *caddy.Replacer) (*route, error) {
	resolve := func(s string) string { return repl.ReplaceAll(s, "") }
	alias := resolve(m.Alias)
	if alias == "" {
		if m.Alias != "" {
			return nil, fmt.Errorf("alias %s resolved to nothing", m.Alias)
		}
		return nil, fmt.Errorf("missing alias")
	}
	if strings.ContainsAny(alias, " \t\r\n") {
		return nil, fmt.Errorf("alias must not contain white space")
	}
	targetText := resolve(m.Target)
	t, err := parseTarget(targetText)
	if err != nil {
		if targetText != m.Target {
			return nil, fmt.Errorf("target %s resolved to %q: %v", m.Target, targetText, err)
		}
		return nil, err
	}
	rt := &route{alias: alias, provider: t.provider, upstreamModel: t.modelID}
	if m.ModelID != "" {
		if t.provider != providerBedrock {
			return nil, fmt.Errorf("model_id applies to bedrock targets only")
		}
		if rt.upstreamModel = resolve(m.ModelID); rt.upstreamModel == "" {
			return nil, fmt.Errorf("model_id %s resolved to nothing", m.ModelID)
		}
	}
	budget, err := m.ThinkingBudget.Resolve(repl)
	if err != nil {
		return nil, fmt.Errorf("thinking: %v", err)
	}
	rt.thinkingBudget = int(budget)
	continueMessage := resolve(m.UserContinueMessage)
	if m.AllowRemoteImages {
		if t.provider != providerBedrock {
			// Azure fetches image URLs itself.
			return nil, fmt.Errorf("allow_remote_images applies to bedrock targets only")
		}
		size, err := resolveSize(repl, "allow_remote_images", m.RemoteImageMaxSize, defaultRemoteImageMaxSize)
		if err != nil {
			return nil, err
		}
		rt.images = newImageFetcher(size)
	} else if m.RemoteImageMaxSize.IsSet() {
		return nil, fmt.Errorf("remote_image_max_size needs allow_remote_images")
	}
	if (m.ThinkingBudget.IsSet() || m.UserContinueMessage != "") && t.provider != providerBedrock {
		return nil, fmt.Errorf("thinking and user_continue_message apply to bedrock targets only")
	}
	account := resolve(m.Account)
	switch t.provider {
	case providerBedrock:
		rt.ownedBy = "aws-bedrock"
		if rt.bedrock, err = pickAccount(providerBedrock, g.Bedrock, account); err != nil {
			return nil, err
		}
		rt.converse = translate.ConverseOptions{
			Model:                 translate.LookupBedrockModel(t.modelID),
			DropParams:            m.DropParams,
			UserContinueMessage:   continueMessage,
			DefaultThinkingBudget: rt.thinkingBudget,
		}
	case providerAzure:
		rt.ownedBy = "azure-openai"
		if rt.azure, err = pickAccount(providerAzure, g.Azure, account); err != nil {
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
		if rt.azureAI, err = pickAccount(providerAzureAI, g.AzureAI, account); err != nil {
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
