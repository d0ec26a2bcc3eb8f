package llmgateway

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// route is a resolved alias: everything ServeHTTP needs, built once.
type route struct {
	alias         string
	provider      string
	upstreamModel string // the model ID or ARN sent in the URL
	ownedBy       string // owned_by in GET /v1/models

	bedrock  *bedrock.Account
	converse translate.ConverseOptions
	images   *imageFetcher // nil unless allow_remote_images
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
		rt.upstreamModel = resolve(m.ModelID)
	}
	switch t.provider {
	case "bedrock":
		rt.ownedBy = "aws-bedrock"
		rt.bedrock, err = pickAccount(g.Bedrock, m.Account)
		if err != nil {
			return nil, err
		}
		rt.converse = translate.ConverseOptions{
			Model:                 translate.LookupBedrockModel(t.modelID),
			DropParams:            m.DropParams,
			UserContinueMessage:   m.UserContinueMessage,
			DefaultThinkingBudget: m.ThinkingBudget,
		}
	}
	if m.AllowRemoteImages {
		rt.images = newImageFetcher(m.RemoteImageMaxSize)
	}
	return rt, nil
}

// pickAccount finds the named account, or the only one when name is empty.
func pickAccount(accounts map[string]*bedrock.Account, name string) (*bedrock.Account, error) {
	if name != "" {
		if a, ok := accounts[name]; ok {
			return a, nil
		}
		return nil, fmt.Errorf("unknown bedrock account %q (configured: %s)", name, accountNames(accounts))
	}
	switch len(accounts) {
	case 1:
		for _, a := range accounts {
			return a, nil
		}
	case 0:
		return nil, fmt.Errorf("no bedrock account configured: add a bedrock block")
	}
	return nil, fmt.Errorf("several bedrock accounts are configured (%s): name one with account", accountNames(accounts))
}

func accountNames(accounts map[string]*bedrock.Account) string {
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
