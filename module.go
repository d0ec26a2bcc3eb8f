// Package llmgateway registers the http.handlers.llm_gateway Caddy module: an
// OpenAI-compatible LLM gateway in front of AWS Bedrock.
package llmgateway

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/pricing"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"

	// Every InvokeModel family the bedrock/invoke/ routes can use.
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/families"
)

func init() {
	caddy.RegisterModule(Gateway{})
	httpcaddyfile.RegisterHandlerDirective("llm_gateway", parseCaddyfile)
	httpcaddyfile.RegisterDirectiveOrder("llm_gateway", httpcaddyfile.Before, "reverse_proxy")
}

// DefaultMaxRequestBody bounds request bodies when max_request_body is not
// set: large enough for a few inline images and PDFs, small enough that a
// client cannot make the gateway buffer without limit.
const DefaultMaxRequestBody = 20 << 20

// DefaultMaxResponseBody bounds non-streaming upstream answers when
// max_response_body is not set.
const DefaultMaxResponseBody = 256 << 20

// Gateway is an OpenAI-compatible LLM gateway. It answers
// POST /v1/chat/completions, /v1/completions, /v1/embeddings,
// /v1/images/generations and /v1/rerank, GET /v1/models and /health (each
// with or without the /v1 prefix) and Bedrock's own API under /bedrock,
// from the configured model aliases, and passes every other request to the
// next handler.
//
// It sets these placeholders, for access logs and later handlers:
//
// Placeholder | Description
// ------------|-------------
// `{http.llm_gateway.alias}` | The alias the client requested, when configured (also `.model`)
// `{http.llm_gateway.provider}` | The provider that answered: bedrock, azure or azure_ai
// `{http.llm_gateway.account}` | The account of the line that answered
// `{http.llm_gateway.deployment}` | The index of that line within its alias, from 0
// `{http.llm_gateway.upstream_model}` | The model ID or ARN, Azure deployment or Azure AI model called
// `{http.llm_gateway.stream}` | Whether the response streams (true/false)
// `{http.llm_gateway.attempts}` | Upstream calls made, retries and fallbacks included
// `{http.llm_gateway.input_tokens}` | Input tokens the provider reported (also `.prompt_tokens`)
// `{http.llm_gateway.output_tokens}` | Output tokens the provider reported (also `.completion_tokens`)
// `{http.llm_gateway.cached_tokens}` | Input tokens read from the prompt cache
// `{http.llm_gateway.reasoning_tokens}` | Output tokens spent reasoning, where counted apart
// `{http.llm_gateway.cost}` | US dollars for those tokens; empty when unpriced
// `{http.llm_gateway.ttft_ms}` | Streams: milliseconds to the first content
// `{http.llm_gateway.finish_reason}` | The last finish_reason the client was sent
// `{http.llm_gateway.error_code}` | The code of the error answered, if any
// `{http.llm_gateway.partial}` | Whether the client left a started stream
// `{http.llm_gateway.request_id}` | The response's X-Request-Id
// `{http.llm_gateway.upstream_request_id}` | The upstream's id of its last call
type Gateway struct {
	// Bedrock accounts by name. A model names its account with `account`;
	// with exactly one account, models may omit it.
	Bedrock map[string]*bedrock.Account `json:"bedrock,omitempty"`

	// Azure OpenAI resources by name, for azure/<deployment> targets.
	Azure map[string]*azure.OpenAIAccount `json:"azure,omitempty"`

	// Azure AI model inference endpoints (serverless and Foundry) by name,
	// for azure_ai/<model> targets.
	AzureAI map[string]*azure.AIAccount `json:"azure_ai,omitempty"`

	// Models are the aliases clients may request, in the order GET
	// /v1/models lists them.
	Models []*Model `json:"models,omitempty"`

	// MaxRequestBody is the largest request body accepted, in bytes.
	// Larger bodies are answered with 413 before any upstream call.
	// Default: 20 MiB.
	MaxRequestBody Size `json:"max_request_body,omitzero"`

	// MaxResponseBody is the largest non-streaming upstream answer the
	// gateway reads, in bytes; a larger one is answered with 502
	// upstream_response_too_large. Streams are never held, so it does not
	// bound them. Default: 256 MiB, room for a batch of 2048 embeddings
	// of 3072 dimensions as JSON floats.
	MaxResponseBody Size `json:"max_response_body,omitzero"`

	// Resilience applies to every model line that does not set its own.
	Resilience

	// PricingFile is a price table in LiteLLM's
	// model_prices_and_context_window.json format, read at provision and
	// laid over the table built into the gateway: its entries win, the
	// built-in ones price every model it does not name.
	PricingFile string `json:"pricing_file,omitempty"`

	logger      *zap.Logger
	pools       map[string]*pool
	aliases     []string // in configuration order
	sorted      string   // the aliases sorted and joined, for error messages
	deployments []*deployment
	modelsList  []byte // the pre-rendered GET /v1/models body
	created     int64  // "created" of every model: when the config was loaded
	maxBody     int64
	maxAnswer   int64
	env         *backend.Env // what the backends are built with
	checker     *healthChecker
	metrics     *gatewayMetrics
	registry    *prometheus.Registry
	prices      *pricing.Table
}

// CaddyModule returns the Caddy module information.
func (Gateway) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.llm_gateway",
		New: func() caddy.Module { return new(Gateway) },
	}
}

// Provision sets up the accounts and builds the alias table.
func (g *Gateway) Provision(ctx caddy.Context) error {
	if g.logger == nil { // set beforehand only by benchmarks, which want Caddy's production level, not a test context's debug logger
		g.logger = ctx.Logger()
	}
	repl := caddy.NewReplacer()
	resolve := func(s string) string { return repl.ReplaceAll(s, "") }

	if err := provisionAccounts(ctx, providerBedrock, g.Bedrock, resolve, g.logger); err != nil {
		return err
	}
	if err := provisionAccounts(ctx, providerAzure, g.Azure, resolve, g.logger); err != nil {
		return err
	}
	if err := provisionAccounts(ctx, providerAzureAI, g.AzureAI, resolve, g.logger); err != nil {
		return err
	}

	var err error
	if g.maxBody, err = resolveSize(repl, "max_request_body", g.MaxRequestBody, DefaultMaxRequestBody); err != nil {
		return err
	}
	if g.maxAnswer, err = resolveSize(repl, "max_response_body", g.MaxResponseBody, DefaultMaxResponseBody); err != nil {
		return err
	}

	g.env = &backend.Env{Logger: g.logger, MaxBody: g.maxBody, MaxAnswer: g.maxAnswer}

	if g.prices, err = g.loadPrices(repl); err != nil {
		return err
	}
	for i, m := range g.Models {
		if m == nil {
			return fmt.Errorf("models[%d]: empty configuration", i)
		}
		line, err := resolveLine(m, repl)
		if err == nil {
			var d *deployment
			if d, err = g.buildDeployment(line, repl); err == nil {
				g.deployments = append(g.deployments, d)
			}
		}
		if err != nil {
			return fmt.Errorf("model %s: %v", lineName(i, m), err)
		}
	}
	if err := g.buildPools(g.deployments); err != nil {
		return err
	}
	// Live state is shared with the previous config for deployments that
	// stay the same, so a reload does not forget a cooldown.
	for _, d := range g.deployments {
		d.stateKey = d.Alias + "|" + d.backend.StateKey()
		d.state = loadDeploymentState(d.stateKey)
		d.answeredBy = d.describe()
	}
	if err := g.provisionMetrics(ctx); err != nil {
		return err
	}
	g.created = time.Now().Unix()
	g.modelsList = g.renderModelList()
	sorted := slices.Clone(g.aliases)
	slices.Sort(sorted)
	g.sorted = strings.Join(sorted, ", ")
	g.checker = startHealthChecks(g.deployments, g.logger)
	return nil
}

// resolveSize resolves a size option, applying its default when unset.
func resolveSize(repl *caddy.Replacer, option string, v Size, def int64) (int64, error) {
	n, err := v.Resolve(repl)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s: %v", option, err)
	case n < 0:
		return 0, fmt.Errorf("%s must not be negative", option)
	case n == 0:
		return def, nil
	}
	return n, nil
}

// lineName names a model line in errors: its alias as written, and its
// position, which tells lines apart when the alias is a placeholder.
func lineName(i int, m *Model) string {
	return fmt.Sprintf("%q (models[%d])", m.Alias, i)
}

// Validate checks the configuration. Every value is checked where
// Provision resolves it, since placeholders hide values until then.
func (g *Gateway) Validate() error { return nil }

// Cleanup releases idle upstream connections.
func (g *Gateway) Cleanup() error {
	cleanupAccounts(g.Bedrock)
	cleanupAccounts(g.Azure)
	cleanupAccounts(g.AzureAI)
	g.checker.stop()
	if g.metrics != nil {
		releaseMetrics(g.registry, g)
	}
	for _, d := range g.deployments {
		d.backend.Close()
		if d.state != nil {
			_, _ = deploymentStates.Delete(d.stateKey)
		}
	}
	return nil
}

// ServeHTTP answers the gateway's endpoints and passes anything else on.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	ep, id := matchEndpoint(r.URL.Path)
	if ep == endpointNone {
		return next.ServeHTTP(w, r)
	}
	spec := &endpoints[ep]
	if spec.metric == "" {
		if allowMethod(w, r, spec.methods...) {
			spec.serve(g, w, r, id)
		}
		return nil
	}
	x := newExchange(g, w, r, ep)
	if allowMethod(x, r, spec.methods...) {
		spec.serve(g, x, r, id)
	}
	x.done()
	return nil
}

// account is what every provider account offers the module.
type account interface {
	Provision(ctx context.Context, name string, resolve func(string) string, logger *zap.Logger) error
	Cleanup()
}

func provisionAccounts[T any, A interface {
	*T
	account
}](ctx context.Context, provider string, accounts map[string]A, resolve func(string) string, logger *zap.Logger) error {
	for name, acct := range accounts {
		if acct == nil {
			return fmt.Errorf("%s account %q: empty configuration", provider, name)
		}
		if err := acct.Provision(ctx, name, resolve, logger); err != nil {
			return err
		}
	}
	return nil
}

func cleanupAccounts[T any, A interface {
	*T
	account
}](accounts map[string]A) {
	for _, acct := range accounts {
		if acct != nil {
			acct.Cleanup()
		}
	}
}

// Interface guards
var (
	_ caddy.Provisioner           = (*Gateway)(nil)
	_ caddy.Validator             = (*Gateway)(nil)
	_ caddy.CleanerUpper          = (*Gateway)(nil)
	_ caddyhttp.MiddlewareHandler = (*Gateway)(nil)
	_ caddyfile.Unmarshaler       = (*Gateway)(nil)
)
