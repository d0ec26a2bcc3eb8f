package azure

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"go.uber.org/zap"
	"golang.org/x/net/http/httpguts"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
)

// DefaultOpenAIAPIVersion is the Azure OpenAI data-plane API version used
// when an account sets none: the current GA version.
const DefaultOpenAIAPIVersion = "2024-10-21"

// OpenAIAccount is one Azure OpenAI resource the gateway calls
// deployments of. Every string field, and every header value, may use
// placeholders such as {env.AZURE_API_KEY}; they are resolved when the
// account is provisioned, and the fields keep the placeholders.
type OpenAIAccount struct {
	// The resource's endpoint as the Azure portal shows it,
	// https://<resource>.openai.azure.com, or a proxy in front of it. It
	// must be an absolute https (or http) URL. A path prefix is kept in
	// front of /openai/deployments/...; a trailing /openai is dropped, as
	// the gateway adds it.
	Endpoint string `json:"endpoint,omitempty"`

	// An API key of the resource (KEY 1 or KEY 2 in the portal), sent as
	// the api-key header. Prefer a placeholder such as {env.AZURE_API_KEY}
	// to writing the key into the config. Set either api_key, or tenant_id,
	// client_id and client_secret.
	APIKey string `json:"api_key,omitempty"`

	// The data-plane API version, sent as ?api-version=. Default:
	// 2024-10-21, the current GA version. Reasoning models (o1, o3-mini
	// and later) and newer request fields need a newer version, e.g.
	// 2025-04-01-preview.
	APIVersion string `json:"api_version,omitempty"`

	// The Microsoft Entra ID tenant (directory) ID, or a domain such as
	// contoso.onmicrosoft.com, of an application (service principal) that
	// holds the Cognitive Services OpenAI User role on the resource. With
	// client_id and client_secret, the gateway authenticates with Entra ID
	// tokens instead of an API key: they are obtained with the OAuth 2.0
	// client-credentials flow, cached, and refreshed before they expire.
	// The authority is https://login.microsoftonline.com unless the
	// AZURE_AUTHORITY_HOST environment variable names another (sovereign
	// clouds).
	TenantID string `json:"tenant_id,omitempty"`

	// The application (client) ID for Entra ID authentication.
	ClientID string `json:"client_id,omitempty"`

	// A client secret of the application for Entra ID authentication.
	// Prefer a placeholder such as {env.AZURE_CLIENT_SECRET}.
	ClientSecret string `json:"client_secret,omitempty"`

	// Extra headers sent on every request to Azure, e.g. for a proxy in
	// front of it. The headers the gateway sets itself (api-key,
	// Authorization, Content-Type, ...) cannot be configured.
	Headers http.Header `json:"headers,omitempty"`

	// Runtime state; the exported fields above stay as configured so that
	// the config can be shown without resolved secrets.
	c conn
}

// Provision resolves placeholders with resolve and checks the
// configuration. It does not contact Azure or Entra ID: a missing
// deployment or a token failure fails requests instead, so the gateway can
// start without cloud access. Errors name the account and the field,
// never a value.
func (a *OpenAIAccount) Provision(ctx context.Context, name string, resolve func(string) string, logger *zap.Logger) error {
	c := &a.c
	resolve, err := c.setup(KindOpenAI, name, a.Endpoint, a.APIVersion, DefaultOpenAIAPIVersion, a.Headers, resolve, logger)
	if err != nil {
		return err
	}
	// The gateway adds /openai/deployments/...: an endpoint copied with
	// /openai at its end would double it.
	if p, ok := strings.CutSuffix(c.prefix, "/openai"); ok {
		c.prefix, c.rawPrefix = p, strings.TrimSuffix(c.rawPrefix, "/openai")
	}

	key, tenant, clientID, secret := resolve(a.APIKey), resolve(a.TenantID), resolve(a.ClientID), resolve(a.ClientSecret)
	entra := tenant != "" || clientID != "" || secret != ""
	// Credentials written as placeholders that resolve to nothing (the
	// environment variable is not set) let the gateway start; requests
	// through this account then fail with a clear error.
	switch {
	case key == "" && a.APIKey != "" && !entra:
		c.deferCredentials("api_key")
		return nil
	case secret == "" && a.ClientSecret != "" && key == "":
		c.deferCredentials("client_secret")
		return nil
	}
	switch {
	case key != "" && entra:
		return c.errorf("set either api_key, or tenant_id, client_id and client_secret, not both")
	case entra && (tenant == "" || clientID == "" || secret == ""):
		var missing []string
		for _, f := range []struct{ name, v string }{{"tenant_id", tenant}, {"client_id", clientID}, {"client_secret", secret}} {
			if f.v == "" {
				missing = append(missing, f.name)
			}
		}
		return c.errorf("tenant_id, client_id and client_secret must be set together (missing or empty: %s)", strings.Join(missing, ", "))
	case key == "" && !entra:
		return c.errorf("no credentials: set api_key, or tenant_id, client_id and client_secret")
	}

	auth := "api_key"
	if entra {
		if !validToken(tenant) {
			return c.errorf("tenant_id must be a directory ID or domain")
		}
		if !httpguts.ValidHeaderFieldValue(clientID) {
			return c.errorf("client_id has invalid characters")
		}
		c.transport, c.client = upstream.NewClient()
		var err error
		if c.entra, err = newEntraSource(name, tenant, clientID, secret, c.transport, logger); err != nil {
			c.cleanup()
			return c.errorf("%v", err)
		}
		c.secrets = []string{secret}
		auth = "entra client credentials"
	} else {
		if !httpguts.ValidHeaderFieldValue(key) {
			return c.errorf("api_key has characters a header cannot carry")
		}
		c.transport, c.client = upstream.NewClient()
		c.apiKey = []string{key}
		c.secrets = []string{key}
	}
	c.logProvisioned(auth)
	return nil
}

// Cleanup closes idle upstream connections.
func (a *OpenAIAccount) Cleanup() { a.c.cleanup() }

// Name returns the account's name given at provisioning.
func (a *OpenAIAccount) Name() string { return a.c.name }

// Post sends body to {endpoint}/openai/deployments/{deployment}/{operation}
// ?api-version=..., operation being OpChat, OpEmbeddings or OpImages, and
// asks for an SSE stream when stream is set. The deployment name is
// escaped as one path segment.
//
// A 2xx response is returned for the caller to read and close. Any other
// status is returned as an *APIError, an Entra token failure as a
// *CredentialsError, and a transport or context error wrapped with %w.
func (a *OpenAIAccount) Post(ctx context.Context, deployment, operation string, body []byte, stream bool) (*http.Response, error) {
	switch operation {
	case OpChat, OpEmbeddings, OpImages:
	default:
		return nil, fmt.Errorf("azure account %q: unknown operation %q", a.c.name, operation)
	}
	if !validSegment(deployment) {
		return nil, fmt.Errorf("azure account %q: invalid deployment name %q", a.c.name, deployment)
	}
	const dep = "/openai/deployments/"
	path := a.c.prefix + dep + deployment + "/" + operation
	raw := a.c.rawPrefix + dep + escapeSegment(deployment) + "/" + operation
	return a.c.post(ctx, path, raw, deployment, operation, body, stream)
}
