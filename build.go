package llmgateway

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/caddyserver/caddy/v2"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	bedrockbackend "github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
)

// modelLine is a Model with its placeholders resolved and its target
// parsed: what a provider builds a backend from.
type modelLine struct {
	*Model
	alias          string
	target         target
	account        string
	modelID        string // the upstream model: model_id, else the target's
	continueMsg    string
	thinkingBudget int
	imageMaxSize   int64 // 0 unless allow_remote_images
	family         string
	// A converse_like line's server: its URL, bearer key and headers.
	apiBase, apiKey string
	headers         http.Header
	// embedding is what an embedding model's line tells its family.
	embedding embeddings.Options
}

// backendBuilders make a model line's backend, one per provider: adding a
// provider is adding an entry here and its backend file.
var backendBuilders = map[string]func(g *Gateway, line *modelLine) (backend.Backend, error){
	providerBedrock: buildBedrockBackend,
	providerAzure:   buildAzureOpenAIBackend,
	providerAzureAI: buildAzureAIBackend,
}

// resolveLine resolves a model line's placeholders, then checks what it
// says, so a value from the environment is held to the same rules as one
// written in the config.
func resolveLine(m *Model, repl *caddy.Replacer) (*modelLine, error) {
	resolve := func(s string) string { return repl.ReplaceAll(s, "") }
	line := &modelLine{Model: m, alias: resolve(m.Alias), account: resolve(m.Account), continueMsg: resolve(m.UserContinueMessage),
		family: resolve(m.Family), apiBase: resolve(m.APIBase), apiKey: resolve(m.APIKey)}
	for k, vs := range m.Headers {
		for _, v := range vs {
			if line.headers == nil {
				line.headers = make(http.Header, len(m.Headers))
			}
			line.headers[k] = append(line.headers[k], resolve(v))
		}
	}
	switch {
	case line.alias == "" && m.Alias != "":
		return nil, fmt.Errorf("alias %s resolved to nothing", m.Alias)
	case line.alias == "":
		return nil, fmt.Errorf("missing alias")
	case strings.ContainsAny(line.alias, " \t\r\n"):
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
	line.target, line.modelID = t, t.modelID
	if m.ModelID != "" {
		if line.modelID = resolve(m.ModelID); line.modelID == "" {
			return nil, fmt.Errorf("model_id %s resolved to nothing", m.ModelID)
		}
	}
	budget, err := m.ThinkingBudget.Resolve(repl)
	if err != nil {
		return nil, fmt.Errorf("thinking: %v", err)
	}
	if m.ThinkingBudget.IsSet() && (budget < translate.MinThinkingBudget || budget > translate.MaxTokenCount) {
		return nil, fmt.Errorf("thinking budget %d is outside %d to %d", budget, translate.MinThinkingBudget, translate.MaxTokenCount)
	}
	line.thinkingBudget = int(budget)
	if m.AllowRemoteImages {
		if line.imageMaxSize, err = resolveSize(repl, "allow_remote_images", m.RemoteImageMaxSize, bedrockbackend.DefaultRemoteImageMaxSize); err != nil {
			return nil, err
		}
	} else if m.RemoteImageMaxSize.IsSet() {
		return nil, fmt.Errorf("remote_image_max_size needs allow_remote_images")
	}
	if err := resolveEmbeddingOptions(line, repl); err != nil {
		return nil, err
	}
	return line, nil
}

// buildDeployment makes a resolved model line into a deployment of its
// alias's pool.
func (g *Gateway) buildDeployment(line *modelLine, repl *caddy.Replacer) (*deployment, error) {
	build := backendBuilders[line.target.provider]
	b, err := build(g, line)
	if err != nil {
		return nil, err
	}
	d := &deployment{
		Deployment: backend.Deployment{
			Alias:    line.alias,
			Provider: line.target.provider,
			Account:  b.AccountName(),
		},
		upstreamModel: line.modelID,
		backend:       b,
	}
	if d.policy, d.Timeouts, err = resolvePolicy(line.Resilience, g.Resilience, repl); err != nil {
		b.Close()
		return nil, err
	}
	limits := []struct {
		name string
		v    Int
		dst  *int64
		def  int64
	}{
		{"weight", line.Weight, new(int64), 1},
		{"order", line.Order, new(int64), 0},
		{"max_concurrent", line.MaxConcurrent, &d.maxConcurrent, 0},
		{"rpm", line.RPM, &d.rpm, 0},
		{"tpm", line.TPM, &d.tpm, 0},
	}
	for i, l := range limits {
		n, err := l.v.Resolve(repl)
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("%s: %v", l.name, err)
		}
		if !l.v.IsSet() {
			n = l.def
		}
		low := int64(0)
		if i == 0 {
			low = 1 // a weight of 0 would never be chosen: leave the line out instead
		}
		if n < low || n > maxCount {
			b.Close()
			return nil, fmt.Errorf("%s must be between %d and %d, not %d", l.name, low, maxCount, n)
		}
		*l.dst = n
	}
	d.weight, d.order = int(*limits[0].dst), int(*limits[1].dst)
	for _, f := range []struct {
		dst *[]string
		src []string
	}{{&d.fallbacks, line.Fallback}, {&d.contextFallbacks, line.ContextWindowFallback}, {&d.contentFallbacks, line.ContentPolicyFallback}} {
		for _, alias := range f.src {
			*f.dst = append(*f.dst, repl.ReplaceAll(alias, ""))
		}
	}
	if err := priceDeployment(d, line, g.prices, repl); err != nil {
		b.Close()
		return nil, err
	}
	return d, nil
}

// buildPools groups the deployments by alias, in line order, and checks
// what a pool's lines must agree on.
func (g *Gateway) buildPools(deployments []*deployment) error {
	g.pools = make(map[string]*pool)
	for _, d := range deployments {
		p := g.pools[d.Alias]
		if p == nil {
			p = &pool{alias: d.Alias, selector: selectors[d.policy.routing], ownedBy: d.backend.OwnedBy(), routing: d.policy.routing}
			g.pools[d.Alias] = p
			g.aliases = append(g.aliases, d.Alias)
		}
		if d.policy.routing != p.routing {
			return fmt.Errorf("model %q: its lines ask for different routing policies (%s and %s)", d.Alias, p.routing, d.policy.routing)
		}
		if len(p.deployments) == maxPoolSize {
			return fmt.Errorf("model %q: more than %d model lines", d.Alias, maxPoolSize)
		}
		d.Index = len(p.deployments)
		p.deployments = append(p.deployments, d)
		p.retryBudget = max(p.retryBudget, d.policy.retryBudget)
		p.healthChecked = p.healthChecked || d.policy.healthCheck > 0
		for ep := endpointChat; ep < endpointCount; ep++ {
			if d.serves(ep) {
				p.serving[ep] = p.serving[ep].with(d.Index)
			}
		}
		for _, list := range [][]string{d.fallbacks, d.contextFallbacks, d.contentFallbacks} {
			if slices.Contains(list, d.Alias) {
				return fmt.Errorf("model %q: a fallback names the model itself", d.Alias)
			}
		}
		p.fallbacks = appendNew(p.fallbacks, d.fallbacks, p.alias)
		p.contextFallbacks = appendNew(p.contextFallbacks, d.contextFallbacks, p.alias)
		p.contentFallbacks = appendNew(p.contentFallbacks, d.contentFallbacks, p.alias)
	}
	for _, p := range g.pools {
		for _, list := range [][]string{p.fallbacks, p.contextFallbacks, p.contentFallbacks} {
			for _, alias := range list {
				if g.pools[alias] == nil {
					return fmt.Errorf("model %q: fallback %q is not a configured model (configured: %s)", p.alias, alias, strings.Join(g.aliases, ", "))
				}
			}
		}
	}
	return nil
}

// appendNew appends the aliases of more not yet in list.
func appendNew(list, more []string, own string) []string {
	for _, a := range more {
		if a != own && !slices.Contains(list, a) {
			list = append(list, a)
		}
	}
	return list
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
