// Package llmgateway registers the http.handlers.llm_gateway Caddy module: an
// OpenAI-compatible LLM gateway in front of AWS Bedrock.
package llmgateway

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"go.uber.org/zap"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
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
// POST /v1/chat/completions, POST /v1/embeddings and
// POST /v1/images/generations (Azure routes), and GET /v1/models (each with
// or without the /v1 prefix) from the configured model aliases, and passes
// every other request to the next handler.
//
// It sets these placeholders, for access logs and later handlers:
//
// Placeholder | Description
// ------------|-------------
// `{http.llm_gateway.model}` | The model alias the client requested
// `{http.llm_gateway.provider}` | The provider serving the alias: bedrock, azure or azure_ai
// `{http.llm_gateway.upstream_model}` | The model ID or ARN, Azure deployment or Azure AI model called
// `{http.llm_gateway.stream}` | Whether the response streams (true/false)
// `{http.llm_gateway.prompt_tokens}` | Prompt tokens the provider reported
// `{http.llm_gateway.completion_tokens}` | Completion tokens the provider reported
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

	logger     *zap.Logger
	routes     map[string]*route
	aliases    []string // sorted, for error messages
	modelsList []byte   // the pre-rendered GET /v1/models body
	created    int64    // "created" of every model: when the config was loaded
	maxBody    int64
	maxAnswer  int64
}

// Model maps a client-facing alias to a provider target.
type Model struct {
	// Alias is the name clients send as "model".
	Alias string `json:"alias"`

	// Target says which provider and model serve the alias, in LiteLLM's
	// syntax: bedrock/<modelId> or bedrock/converse/<modelId>, where modelId
	// may carry a cross-region prefix (us., eu., apac., ...) or be an ARN;
	// azure/<deployment>; azure_ai/<model>.
	Target string `json:"target"`

	// Account names the provider account; optional when there is only one.
	Account string `json:"account,omitempty"`

	// ModelID, when set, is sent in the URL instead of the target's model
	// ID: a provisioned-throughput or application-inference-profile ARN.
	// The target still tells the gateway which model family it talks to.
	ModelID string `json:"model_id,omitempty"`

	// DropParams drops OpenAI parameters the provider cannot honour
	// (n > 1, logprobs, seed, ...) instead of answering 400.
	DropParams bool `json:"drop_params,omitempty"`

	// UserContinueMessage, when set, is inserted as a user turn where
	// Bedrock needs one (a conversation that starts with the assistant).
	UserContinueMessage string `json:"user_continue_message,omitempty"`

	// ThinkingBudget, when set, turns on extended thinking with this
	// budget_tokens for requests that ask for neither thinking nor
	// reasoning_effort, on models that can think. At least 1024.
	ThinkingBudget Int `json:"thinking_budget,omitzero"`

	// AllowRemoteImages lets image_url parts name http(s) URLs, which the
	// gateway then downloads. Off by default: it makes the gateway fetch
	// URLs chosen by clients. Private and loopback addresses stay refused.
	AllowRemoteImages bool `json:"allow_remote_images,omitempty"`

	// RemoteImageMaxSize bounds each downloaded image, in bytes.
	// Default: 3.75 MB, Bedrock's own limit per image.
	RemoteImageMaxSize Size `json:"remote_image_max_size,omitzero"`
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
	g.logger = ctx.Logger()
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

	g.routes = make(map[string]*route, len(g.Models))
	for i, m := range g.Models {
		if m == nil {
			return fmt.Errorf("models[%d]: empty configuration", i)
		}
		rt, err := g.buildRoute(m, repl)
		if err != nil {
			return fmt.Errorf("model %s: %v", modelLine(i, m), err)
		}
		if _, dup := g.routes[rt.alias]; dup {
			return fmt.Errorf("model %q: alias defined twice", rt.alias)
		}
		g.routes[rt.alias] = rt
		g.aliases = append(g.aliases, rt.alias)
	}
	g.created = time.Now().Unix()
	g.modelsList = renderModelList(g.aliases, g.routes, g.created)
	slices.Sort(g.aliases)
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

// modelLine names a model line in errors: its alias as written, and its
// position, which tells lines apart when the alias is a placeholder.
func modelLine(i int, m *Model) string {
	return fmt.Sprintf("%q (models[%d])", m.Alias, i)
}

// Validate checks the values Provision resolved.
func (g *Gateway) Validate() error {
	for _, alias := range g.aliases {
		rt := g.routes[alias]
		if rt.thinkingBudget != 0 && rt.thinkingBudget < translate.MinThinkingBudget {
			return fmt.Errorf("model %q: thinking budget %d is below the minimum of %d", alias, rt.thinkingBudget, translate.MinThinkingBudget)
		}
	}
	return nil
}

// Cleanup releases idle upstream connections.
func (g *Gateway) Cleanup() error {
	cleanupAccounts(g.Bedrock)
	cleanupAccounts(g.Azure)
	cleanupAccounts(g.AzureAI)
	for _, rt := range g.routes {
		if rt.images != nil {
			rt.images.close()
		}
	}
	return nil
}

// ServeHTTP answers the OpenAI endpoints and passes anything else on.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	ep, modelID := matchEndpoint(r.URL.Path)
	switch ep {
	case endpointNone:
		return next.ServeHTTP(w, r)
	case endpointModels:
		if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
			return nil
		}
		writeJSON(w, http.StatusOK, g.modelsList)
		return nil
	case endpointModel:
		if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
			return nil
		}
		g.serveModel(w, modelID)
		return nil
	case endpointChat:
		if !allowMethod(w, r, http.MethodPost) {
			return nil
		}
		g.serveChat(w, r)
		return nil
	case endpointEmbeddings, endpointImages:
		if !allowMethod(w, r, http.MethodPost) {
			return nil
		}
		g.servePassThrough(w, r, ep)
		return nil
	}
	return next.ServeHTTP(w, r)
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

// renderModelList renders GET /v1/models once, at provision time.
func renderModelList(aliases []string, routes map[string]*route, created int64) []byte {
	b := []byte(`{"object":"list","data":[`)
	for i, alias := range aliases {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendModel(b, alias, routes[alias].ownedBy, created)
	}
	return append(b, "]}"...)
}

func appendModel(b []byte, alias, ownedBy string, created int64) []byte {
	b = append(b, `{"id":`...)
	b = translate.AppendString(b, alias)
	b = append(b, `,"object":"model","created":`...)
	b = strconv.AppendInt(b, created, 10)
	b = append(b, `,"owned_by":`...)
	b = translate.AppendString(b, ownedBy)
	return append(b, '}')
}

// Interface guards
var (
	_ caddy.Provisioner           = (*Gateway)(nil)
	_ caddy.Validator             = (*Gateway)(nil)
	_ caddy.CleanerUpper          = (*Gateway)(nil)
	_ caddyhttp.MiddlewareHandler = (*Gateway)(nil)
	_ caddyfile.Unmarshaler       = (*Gateway)(nil)
)
