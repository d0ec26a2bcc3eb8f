package llmgateway

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
)

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	g := new(Gateway)
	err := g.UnmarshalCaddyfile(h.Dispenser)
	return g, err
}

// UnmarshalCaddyfile sets up the gateway from Caddyfile tokens. Syntax
// (README.md's Caddyfile section says what each line does):
//
//	llm_gateway {
//		max_request_body <size>
//		max_response_body <size>
//		pricing_file <path>
//		<resilience options>
//		bedrock [<account>] {
//			region <region>
//			access_key_id <id>
//			secret_access_key <secret>
//			session_token <token>
//			profile <name>
//			role_arn <arn>
//			role_session_name <name>
//			web_identity_token_file <path>
//			endpoint <url>
//			agent_endpoint <url>
//			header <field> <value>
//			api_key <key>
//		}
//		azure <account> {
//			endpoint <url>
//			api_version <version>
//			api_key <key>
//			tenant_id <id>
//			client_id <id>
//			client_secret <secret>
//			client_certificate <path>
//			client_certificate_password <password>
//			managed_identity [<client_id>]
//			workload_identity
//			azure_cli
//			header <field> <value>
//		}
//		azure_ai <account> {
//			endpoint <url>
//			api_version <version>
//			extra_parameters pass-through|drop|error
//			<the credential lines of azure>
//			header <field> <value>
//		}
//		model <alias> <target> {
//			account <account>
//			drop_params
//			model_id <arn>
//			thinking <budget_tokens>
//			user_continue_message <text>
//			allow_remote_images [<max_size>]
//			family <name>
//			input_type <type>
//			normalize [true|false]
//			dimensions <n>
//			api_base <url>
//			api_key <key>
//			header <field> <value>
//			weight <n>
//			order <n>
//			max_concurrent <n>
//			rpm <n>
//			tpm <n>
//			fallback <alias>...
//			context_window_fallback <alias>...
//			content_policy_fallback <alias>...
//			input_cost_per_token <usd>
//			output_cost_per_token <usd>
//			output_cost_per_image <usd>
//			input_cost_per_query <usd>
//			base_model <price table key>
//			<resilience options>
//		}
//	}
//
// Values may use placeholders such as {env.AWS_SECRET_ACCESS_KEY}; they are
// resolved when the config is provisioned, so secrets need not appear in the
// adapted JSON.
func (g *Gateway) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // consume directive name
	if d.NextArg() {
		return d.ArgErr()
	}
	var refs []accountRef
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		switch d.Val() {
		case "max_request_body":
			v, err := sizeArg(d, "max_request_body")
			if err != nil {
				return err
			}
			g.MaxRequestBody = v
		case "max_response_body":
			v, err := sizeArg(d, "max_response_body")
			if err != nil {
				return err
			}
			g.MaxResponseBody = v
		case providerBedrock:
			if err := g.parseBedrock(d); err != nil {
				return err
			}
		case providerAzure:
			if err := g.parseAzure(d); err != nil {
				return err
			}
		case providerAzureAI:
			if err := g.parseAzureAI(d); err != nil {
				return err
			}
		case "pricing_file":
			if !d.AllArgs(&g.PricingFile) {
				return d.ArgErr()
			}
		case "model":
			ref, err := g.parseModel(d)
			if err != nil {
				return err
			}
			refs = append(refs, ref)
		default:
			if ok, err := parseResilience(d, &g.Resilience); ok || err != nil {
				if err != nil {
					return err
				}
				continue
			}
			return d.Errf("unknown subdirective %q (expected bedrock, azure, azure_ai, model, max_request_body, max_response_body, pricing_file or a resilience option)", d.Val())
		}
	}
	// Accounts may be declared after the models that use them, so model
	// references are checked once the whole block is read.
	for _, ref := range refs {
		if err := g.checkAccount(ref.model); err != nil {
			return fmt.Errorf("%s:%d - Error during parsing: model %q: %v", ref.file, ref.line, ref.model.Alias, err)
		}
	}
	return nil
}

// checkAccount reports whether m's account exists for its target's provider.
func (g *Gateway) checkAccount(m *Model) error {
	provider, err := targetProvider(m.Target)
	if err != nil || provider == "" || isPlaceholder(m.Account) {
		return err // what placeholders hide is checked at provision
	}
	if strings.HasPrefix(m.Target, providerBedrock+"/"+apiConverseLike+"/") {
		return nil // it calls its api_base, not an account
	}
	switch provider {
	case providerAzure:
		_, err = pickAccount(providerAzure, g.Azure, m.Account)
	case providerAzureAI:
		_, err = pickAccount(providerAzureAI, g.AzureAI, m.Account)
	default:
		_, err = pickAccount(providerBedrock, g.Bedrock, m.Account)
	}
	return err
}

// accountRef remembers where a model was declared, for errors found later.
type accountRef struct {
	model *Model
	file  string
	line  int
}

func (g *Gateway) parseBedrock(d *caddyfile.Dispenser) error {
	acct := new(bedrock.Account)
	name, err := parseAccount(d, providerBedrock, g.Bedrock, map[string]*string{
		"region":                  &acct.Region,
		"access_key_id":           &acct.AccessKeyID,
		"secret_access_key":       &acct.SecretAccessKey,
		"session_token":           &acct.SessionToken,
		"profile":                 &acct.Profile,
		"role_arn":                &acct.RoleARN,
		"role_session_name":       &acct.RoleSessionName,
		"web_identity_token_file": &acct.WebIdentityTokenFile,
		"endpoint":                &acct.Endpoint,
		"agent_endpoint":          &acct.AgentEndpoint,
		"api_key":                 &acct.APIKey,
	}, &acct.Headers, nil)
	if err != nil {
		return err
	}
	if g.Bedrock == nil {
		g.Bedrock = make(map[string]*bedrock.Account)
	}
	g.Bedrock[name] = acct
	return nil
}

func (g *Gateway) parseAzure(d *caddyfile.Dispenser) error {
	acct := new(azure.OpenAIAccount)
	name, err := parseAccount(d, providerAzure, g.Azure, map[string]*string{
		"endpoint":    &acct.Endpoint,
		"api_version": &acct.APIVersion,
	}, &acct.Headers, azureCredentials(d, providerAzure, &acct.Credentials))
	if err != nil {
		return err
	}
	if g.Azure == nil {
		g.Azure = make(map[string]*azure.OpenAIAccount)
	}
	g.Azure[name] = acct
	return nil
}

func (g *Gateway) parseAzureAI(d *caddyfile.Dispenser) error {
	acct := new(azure.AIAccount)
	name, err := parseAccount(d, providerAzureAI, g.AzureAI, map[string]*string{
		"endpoint":         &acct.Endpoint,
		"api_version":      &acct.APIVersion,
		"extra_parameters": &acct.ExtraParameters,
	}, &acct.Headers, azureCredentials(d, providerAzureAI, &acct.Credentials))
	if err != nil {
		return err
	}
	switch acct.ExtraParameters {
	case "", azure.ExtraParametersDrop, azure.ExtraParametersPassThrough, azure.ExtraParametersError:
	default:
		if strings.Contains(acct.ExtraParameters, "{") {
			break // a placeholder, checked when provisioned
		}
		return d.Errf("azure_ai %q: extra_parameters must be pass-through, drop or error, not %q", name, acct.ExtraParameters)
	}
	if g.AzureAI == nil {
		g.AzureAI = make(map[string]*azure.AIAccount)
	}
	g.AzureAI[name] = acct
	return nil
}

// parseAccount reads "<provider> [<name>] { <field> <value> ... }" into the
// fields given, each set at most once, plus repeatable "header <f> <v>"
// lines. more, if not nil, reads the lines it knows (reporting whether it
// did) before fields are looked at. A missing name is "default".
func parseAccount[A any](d *caddyfile.Dispenser, provider string, existing map[string]A, fields map[string]*string, headers *http.Header,
	more func(name, sub string) (bool, error)) (string, error) {
	name := "default"
	if d.NextArg() {
		name = d.Val()
	}
	if d.NextArg() {
		return "", d.ArgErr()
	}
	if _, dup := existing[name]; dup {
		return "", d.Errf("%s account %q is defined twice", provider, name)
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		sub := d.Val()
		if sub == "header" {
			var key, value string
			if !d.AllArgs(&key, &value) {
				return "", d.ArgErr()
			}
			if *headers == nil {
				*headers = make(http.Header)
			}
			headers.Add(key, value)
			continue
		}
		if more != nil {
			if known, err := more(name, sub); known || err != nil {
				if err != nil {
					return "", err
				}
				continue
			}
		}
		field, ok := fields[sub]
		if !ok {
			return "", d.Errf("unknown %s subdirective %q", provider, sub)
		}
		if err := setOnce(d, provider, sub, field); err != nil {
			return "", err
		}
	}
	return name, nil
}

// setOnce reads sub's one argument into field, which must not be set yet.
func setOnce(d *caddyfile.Dispenser, provider, sub string, field *string) error {
	if *field != "" {
		return d.Errf("%s %s is set twice", provider, sub)
	}
	if !d.AllArgs(field) {
		return d.ArgErr()
	}
	return nil
}
