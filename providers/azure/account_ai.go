package azure

import (
	"context"
	"fmt"
	"net/http"

	"go.uber.org/zap"
)

// DefaultAIAPIVersion is the Azure AI model inference API version used
// when an account sets none: the version Azure's REST reference and
// clients document.
const DefaultAIAPIVersion = "2024-05-01-preview"

// Modes of the extra-parameters header: what Azure AI model inference does
// with request members its schema does not declare.
const (
	ExtraParametersDrop        = "drop"
	ExtraParametersPassThrough = "pass-through"
	ExtraParametersError       = "error"
)

// AIAccount is one Azure AI model inference endpoint: a serverless
// deployment (one model) or an Azure AI Foundry resource (models chosen
// by name). Foundry takes Entra ID tokens as Azure OpenAI does. Every string field, and every header value, may use
// placeholders such as {env.AZURE_AI_API_KEY}; they are resolved when the
// account is provisioned, and the fields keep the placeholders.
type AIAccount struct {
	// The endpoint as the Azure portal shows it:
	// https://<name>.<region>.models.ai.azure.com for a serverless
	// deployment, https://<resource>.services.ai.azure.com/models for
	// Foundry. It must be an absolute https (or http) URL; its path is
	// kept in front of /chat/completions and /embeddings.
	Endpoint string `json:"endpoint,omitempty"`

	// The API version, sent as ?api-version=. Default: 2024-05-01-preview.
	APIVersion string `json:"api_version,omitempty"`

	// How the gateway authenticates: the endpoint's api_key (sent both as
	// the api-key header and as a bearer token, as endpoints differ in
	// which they read), or, for Foundry, a Microsoft Entra ID token by the
	// same means as an Azure OpenAI account (serverless endpoints take
	// keys only). See Credentials.
	Credentials

	// What happens to request parameters that Azure AI model inference
	// does not declare (stream_options, n, logprobs, reasoning_effort,
	// top_k, ...), sent as the extra-parameters header:
	//
	//   - drop (default): the gateway removes them, and tells Azure to drop
	//     any it still finds. Requests from OpenAI clients succeed,
	//     stream_options included.
	//   - pass-through: they are passed to the model, which may use them
	//     or fail on them.
	//   - error: Azure refuses requests that carry any.
	ExtraParameters string `json:"extra_parameters,omitempty"`

	// Extra headers sent on every request to Azure. The headers the
	// gateway sets itself (api-key, Authorization, extra-parameters, ...)
	// cannot be configured.
	Headers http.Header `json:"headers,omitempty"`

	c    conn
	mode string
}

// Provision resolves placeholders with resolve and checks the
// configuration. It does not contact Azure or Entra ID. Errors name the
// account and the field, never a secret.
func (a *AIAccount) Provision(ctx context.Context, name string, resolve func(string) string, logger *zap.Logger) error {
	c := &a.c
	resolve, err := c.setup(KindAI, name, a.Endpoint, a.APIVersion, DefaultAIAPIVersion, a.Headers, resolve, logger)
	if err != nil {
		return err
	}
	switch a.mode = resolve(a.ExtraParameters); a.mode {
	case "":
		a.mode = ExtraParametersDrop
	case ExtraParametersDrop, ExtraParametersPassThrough, ExtraParametersError:
	default:
		return c.errorf("extra_parameters must be pass-through, drop or error")
	}
	// Sent in every mode, drop included although the gateway removes the
	// extra parameters itself: a member it does not know of is dropped by
	// Azure rather than failing the request.
	c.extraParams = []string{a.mode}
	return c.setupAuth(&a.Credentials, resolve)
}

// Cleanup closes idle upstream connections.
func (a *AIAccount) Cleanup() { a.c.cleanup() }

// Name returns the account's name given at provisioning.
func (a *AIAccount) Name() string { return a.c.name }

// ExtraParametersMode returns the resolved extra_parameters mode: "drop"
// (the default), "pass-through" or "error".
func (a *AIAccount) ExtraParametersMode() string { return a.mode }

// Post sends body to {endpoint}/{operation}?api-version=..., operation
// being OpChat or OpEmbeddings, and asks for an SSE stream when stream is
// set. The model is named in the body.
//
// A 2xx response is returned for the caller to read and close. Any other
// status is returned as an *APIError, an Entra token failure as a
// *CredentialsError, and a transport or context error wrapped with %w.
func (a *AIAccount) Post(ctx context.Context, operation string, body []byte, stream bool) (*http.Response, error) {
	switch operation {
	case OpChat, OpEmbeddings:
	default:
		return nil, fmt.Errorf("azure_ai account %q: unknown operation %q", a.c.name, operation)
	}
	return a.c.post(ctx, a.c.prefix+"/"+operation, a.c.rawPrefix+"/"+operation, "", operation, body, stream)
}
