package azure

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"go.uber.org/zap"
)

// DefaultOpenAIAPIVersion is the Azure OpenAI data-plane API version used
// when an account sets none: the current GA version.
const DefaultOpenAIAPIVersion = "2024-10-21"

// OpenAIAccount is one Azure OpenAI resource the gateway calls
// deployments of, with an API key (the api-key header) or a Microsoft
// Entra ID token (Authorization: Bearer) from a client secret, a client
// certificate, a managed identity, AKS workload identity, the Azure CLI,
// or DefaultAzureCredential's chain when none is configured. Every string
// field, and every header value, may use placeholders such as
// {env.AZURE_API_KEY}; they are resolved when the account is provisioned,
// and the fields keep the placeholders.
type OpenAIAccount struct {
	// The resource's endpoint as the Azure portal shows it,
	// https://<resource>.openai.azure.com, or a proxy in front of it. It
	// must be an absolute https (or http) URL. A path prefix is kept in
	// front of /openai/deployments/...; a trailing /openai is dropped, as
	// the gateway adds it.
	Endpoint string `json:"endpoint,omitempty"`

	// The data-plane API version, sent as ?api-version=. Default:
	// 2024-10-21, the current GA version. Reasoning models (o1, o3-mini
	// and later) and newer request fields need a newer version, e.g.
	// 2025-04-01-preview.
	APIVersion string `json:"api_version,omitempty"`

	// How the gateway authenticates: api_key; tenant_id, client_id and
	// client_secret or client_certificate; managed_identity;
	// workload_identity; azure_cli; or, with none of them, Azure's
	// DefaultAzureCredential chain. See Credentials.
	Credentials

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
// never a secret.
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

	return c.setupAuth(&a.Credentials, resolve)
}

// Cleanup closes idle upstream connections.
func (a *OpenAIAccount) Cleanup() { a.c.cleanup() }

// Name returns the account's name given at provisioning.
func (a *OpenAIAccount) Name() string { return a.c.name }

// Post sends body to {endpoint}/openai/deployments/{deployment}/{operation}
// ?api-version=..., operation being OpChat, OpEmbeddings, OpImages or
// OpCompletions, and
// asks for an SSE stream when stream is set. The deployment name is
// escaped as one path segment.
//
// A 2xx response is returned for the caller to read and close. Any other
// status is returned as an *APIError, an Entra token failure as a
// *CredentialsError, and a transport or context error wrapped with %w.
func (a *OpenAIAccount) Post(ctx context.Context, deployment, operation string, body []byte, stream bool) (*http.Response, error) {
	switch operation {
	case OpChat, OpEmbeddings, OpImages, OpCompletions:
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
