package llmgateway

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/dustin/go-humanize"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	g := new(Gateway)
	err := g.UnmarshalCaddyfile(h.Dispenser)
	return g, err
}

// UnmarshalCaddyfile sets up the gateway from Caddyfile tokens. Syntax:
//
//	llm_gateway {
//		max_request_body <size>
//		bedrock <account> {
//			region <region>
//			access_key_id <id>
//			secret_access_key <secret>
//			session_token <token>
//			profile <name>
//			role_arn <arn>
//			role_session_name <name>
//			web_identity_token_file <path>
//			endpoint <url>
//			header <field> <value>
//		}
//		model <alias> <target> {
//			account <account>
//			model_id <arn>
//			drop_params
//			thinking <budget_tokens>
//			user_continue_message <text>
//			allow_remote_images [<max_size>]
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
			var size string
			if !d.AllArgs(&size) {
				return d.ArgErr()
			}
			n, err := humanize.ParseBytes(size)
			if err != nil || n == 0 {
				return d.Errf("invalid max_request_body %q: want a size such as 20MiB", size)
			}
			g.MaxRequestBody = int64(n)
		case "bedrock":
			if err := g.parseBedrock(d); err != nil {
				return err
			}
		case "model":
			ref, err := g.parseModel(d)
			if err != nil {
				return err
			}
			refs = append(refs, ref)
		default:
			return d.Errf("unknown subdirective %q (expected bedrock, model or max_request_body)", d.Val())
		}
	}
	// Accounts may be declared after the models that use them, so model
	// references are checked once the whole block is read.
	for _, ref := range refs {
		if _, err := pickAccount(g.Bedrock, ref.model.Account); err != nil {
			return fmt.Errorf("%s:%d - Error during parsing: model %q: %v", ref.file, ref.line, ref.model.Alias, err)
		}
	}
	return nil
}

// accountRef remembers where a model was declared, for errors found later.
type accountRef struct {
	model *Model
	file  string
	line  int
}

func (g *Gateway) parseBedrock(d *caddyfile.Dispenser) error {
	name := "default"
	if d.NextArg() {
		name = d.Val()
	}
	if d.NextArg() {
		return d.ArgErr()
	}
	if _, dup := g.Bedrock[name]; dup {
		return d.Errf("bedrock account %q is defined twice", name)
	}
	acct := new(bedrock.Account)
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		sub := d.Val()
		var field *string
		switch sub {
		case "region":
			field = &acct.Region
		case "access_key_id":
			field = &acct.AccessKeyID
		case "secret_access_key":
			field = &acct.SecretAccessKey
		case "session_token":
			field = &acct.SessionToken
		case "profile":
			field = &acct.Profile
		case "role_arn":
			field = &acct.RoleARN
		case "role_session_name":
			field = &acct.RoleSessionName
		case "web_identity_token_file":
			field = &acct.WebIdentityTokenFile
		case "endpoint":
			field = &acct.Endpoint
		case "header":
			var key, value string
			if !d.AllArgs(&key, &value) {
				return d.ArgErr()
			}
			if acct.Headers == nil {
				acct.Headers = make(http.Header)
			}
			acct.Headers.Add(key, value)
			continue
		default:
			return d.Errf("unknown bedrock subdirective %q", sub)
		}
		if *field != "" {
			return d.Errf("bedrock %s is set twice", sub)
		}
		if !d.AllArgs(field) {
			return d.ArgErr()
		}
	}
	if g.Bedrock == nil {
		g.Bedrock = make(map[string]*bedrock.Account)
	}
	g.Bedrock[name] = acct
	return nil
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
	if _, err := parseTarget(m.Target); err != nil {
		return ref, d.Errf("model %q: %v", m.Alias, err)
	}
	if d.NextArg() {
		return ref, d.ArgErr()
	}
	for _, other := range g.Models {
		if other.Alias == m.Alias {
			return ref, d.Errf("model alias %q is defined twice", m.Alias)
		}
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		switch d.Val() {
		case "account":
			if !d.AllArgs(&m.Account) {
				return ref, d.ArgErr()
			}
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
			var budget string
			if !d.AllArgs(&budget) {
				return ref, d.ArgErr()
			}
			n, err := strconv.Atoi(budget)
			if err != nil || n < translate.MinThinkingBudget {
				return ref, d.Errf("invalid thinking budget %q: want budget_tokens of at least %d", budget, translate.MinThinkingBudget)
			}
			m.ThinkingBudget = n
		case "user_continue_message":
			if !d.AllArgs(&m.UserContinueMessage) {
				return ref, d.ArgErr()
			}
		case "allow_remote_images":
			m.AllowRemoteImages = true
			if d.NextArg() {
				n, err := humanize.ParseBytes(d.Val())
				if err != nil || n == 0 {
					return ref, d.Errf("invalid allow_remote_images size %q: want a size such as 4MB", d.Val())
				}
				m.RemoteImageMaxSize = int64(n)
			}
			if d.NextArg() {
				return ref, d.ArgErr()
			}
		default:
			return ref, d.Errf("unknown model subdirective %q", d.Val())
		}
	}
	g.Models = append(g.Models, m)
	ref.model = m
	return ref, nil
}
