package llmgateway

import (
	"net/http"
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// targetProvider checks a target as far as the Caddyfile can: in full
// when it is literal; a target with placeholders is checked once they are
// resolved, at provision, and only its provider prefix is read here ("" if
// that is a placeholder too).
func targetProvider(target string) (string, error) {
	if !isPlaceholder(target) {
		t, err := parseTarget(target)
		return t.provider, err
	}
	switch provider, _, _ := strings.Cut(target, "/"); provider {
	case providerBedrock, providerAzure, providerAzureAI:
		return provider, nil
	}
	return "", nil
}

// bedrockOnlyOption lists the model subdirectives only Bedrock routes take.
var bedrockOnlyOption = map[string]bool{
	"model_id": true, "thinking": true, "user_continue_message": true, "allow_remote_images": true,
	"family": true, "api_base": true, "api_key": true, "header": true,
	"input_type": true, "normalize": true, "dimensions": true,
}

func (g *Gateway) parseModel(d *caddyfile.Dispenser) (accountRef, error) {
	ref := accountRef{file: d.File(), line: d.Line()}
	m := new(Model)
	if !d.NextArg() {
		return ref, d.ArgErr()
	}
	m.Alias = d.Val()
	if !d.NextArg() {
		return ref, d.Errf("model %q: missing target (accepted forms: %s)", m.Alias, acceptedTargets)
	}
	m.Target = d.Val()
	provider, err := targetProvider(m.Target)
	if err != nil {
		return ref, d.Errf("model %q: %v", m.Alias, err)
	}
	if d.NextArg() {
		return ref, d.ArgErr()
	}
	seen := make(map[string]bool)
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		sub := d.Val()
		if seen[sub] && sub != "header" {
			return ref, d.Errf("model %q: %s is set twice", m.Alias, sub)
		}
		seen[sub] = true
		if bedrockOnlyOption[sub] && provider != providerBedrock && provider != "" {
			return ref, d.Errf("model %q: %s applies to bedrock targets only", m.Alias, sub)
		}
		switch sub {
		case "account":
			if !d.AllArgs(&m.Account) {
				return ref, d.ArgErr()
			}
		case "family":
			if !d.AllArgs(&m.Family) {
				return ref, d.ArgErr()
			}
		case "api_base", "api_key":
			if !d.AllArgs(map[string]*string{"api_base": &m.APIBase, "api_key": &m.APIKey}[sub]) {
				return ref, d.ArgErr()
			}
		case "header":
			var k, v string
			if !d.AllArgs(&k, &v) {
				return ref, d.ArgErr()
			}
			if m.Headers == nil {
				m.Headers = make(http.Header)
			}
			m.Headers.Add(k, v)
		case "model_id":
			if !d.AllArgs(&m.ModelID) {
				return ref, d.ArgErr()
			}
		case "drop_params":
			if d.NextArg() {
				return ref, d.ArgErr()
			}
			m.DropParams = true
		case "thinking":
			v, err := intArg(d, "thinking budget")
			if err != nil {
				return ref, err
			}
			if v.ph == "" && v.n < translate.MinThinkingBudget {
				return ref, d.Errf("invalid thinking budget %q: want budget_tokens of at least %d", d.Val(), translate.MinThinkingBudget)
			}
			m.ThinkingBudget = v
		case "user_continue_message":
			if !d.AllArgs(&m.UserContinueMessage) {
				return ref, d.ArgErr()
			}
		case "allow_remote_images":
			m.AllowRemoteImages = true
			if d.CountRemainingArgs() > 0 {
				v, err := sizeArg(d, "allow_remote_images size")
				if err != nil {
					return ref, err
				}
				m.RemoteImageMaxSize = v
			}
		case "input_type":
			if !d.AllArgs(&m.InputType) {
				return ref, d.ArgErr()
			}
		case "normalize":
			v, err := boolArg(d, sub)
			if err != nil {
				return ref, err
			}
			m.Normalize = &v
		case "dimensions":
			v, err := intArg(d, sub)
			if err != nil {
				return ref, err
			}
			m.Dimensions = v
		case "weight", "order", "max_concurrent", "rpm", "tpm":
			v, err := intArg(d, sub)
			if err != nil {
				return ref, err
			}
			*map[string]*Int{"weight": &m.Weight, "order": &m.Order, "max_concurrent": &m.MaxConcurrent,
				"rpm": &m.RPM, "tpm": &m.TPM}[sub] = v
		case "fallback", "context_window_fallback", "content_policy_fallback":
			aliases := d.RemainingArgs()
			if len(aliases) == 0 {
				return ref, d.ArgErr()
			}
			*map[string]*[]string{"fallback": &m.Fallback, "context_window_fallback": &m.ContextWindowFallback,
				"content_policy_fallback": &m.ContentPolicyFallback}[sub] = aliases
		default:
			ok, err := parseResilience(d, &m.Resilience)
			if !ok && err == nil {
				ok, err = parseCost(d, &m.Cost)
			}
			if err != nil {
				return ref, err
			}
			if !ok {
				return ref, d.Errf("unknown model subdirective %q", d.Val())
			}
		}
	}
	g.Models = append(g.Models, m)
	ref.model = m
	return ref, nil
}
