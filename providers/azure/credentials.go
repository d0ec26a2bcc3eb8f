package azure

import (
	"fmt"
	"slices"
)

// Credentials is how an account authenticates to Azure. Set one kind at
// most:
//
//   - api_key;
//   - tenant_id, client_id and client_secret (an application's secret);
//   - tenant_id, client_id and client_certificate (its certificate);
//   - managed_identity (system-assigned, or user-assigned by client ID);
//   - workload_identity (Kubernetes, AKS workload identity);
//   - azure_cli (the az login of the user running Caddy, for local use);
//   - none: Azure's DefaultAzureCredential chain looks for an identity in
//     the environment (AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or
//     AZURE_CLIENT_CERTIFICATE_PATH, workload identity, managed identity,
//     the Azure CLI, ...), as Azure's own SDKs do.
//
// Every kind but api_key gets Microsoft Entra ID tokens for
// https://cognitiveservices.azure.com/.default, which the identity needs a
// role for on the resource (Cognitive Services OpenAI User, or Cognitive
// Services User for Azure AI Foundry). Tokens are cached and refreshed
// before they expire, never fetched per request. AZURE_AUTHORITY_HOST
// names another Entra authority than https://login.microsoftonline.com
// (sovereign clouds).
//
// Every string may be a placeholder such as {env.AZURE_CLIENT_SECRET}. A
// secret (or the certificate's path, or a managed identity's client ID)
// written as a placeholder that resolves to nothing lets the gateway
// start; the account's requests then fail with a clear error.
type Credentials struct {
	// An API key of the resource (KEY 1 or KEY 2 in the portal). Azure
	// OpenAI takes it as the api-key header; Azure AI model inference is
	// sent it both as api-key and as a bearer token, as its endpoints
	// differ in which they read. Prefer a placeholder such as
	// {env.AZURE_API_KEY} to writing the key into the config.
	APIKey string `json:"api_key,omitempty"`

	// The Microsoft Entra ID tenant (directory) ID, or a domain such as
	// contoso.onmicrosoft.com, of the application (service principal)
	// that client_secret or client_certificate authenticate. With
	// workload_identity it overrides AZURE_TENANT_ID.
	TenantID string `json:"tenant_id,omitempty"`

	// The application (client) ID, with client_secret or
	// client_certificate. With workload_identity it overrides
	// AZURE_CLIENT_ID.
	ClientID string `json:"client_id,omitempty"`

	// A client secret of the application. Prefer a placeholder such as
	// {env.AZURE_CLIENT_SECRET}.
	ClientSecret string `json:"client_secret,omitempty"`

	// The path of a certificate registered with the application, with its
	// private key (RSA): a PEM file, or PKCS#12 (.pfx, .p12). It is read
	// when the config is provisioned; the gateway signs its client
	// assertions with the key.
	ClientCertificate string `json:"client_certificate,omitempty"`

	// The password of a PKCS#12 client_certificate, if it has one.
	ClientCertificatePassword string `json:"client_certificate_password,omitempty"`

	// Authenticate as a managed identity of the Azure resource Caddy runs
	// on: App Service and Functions, virtual machines and scale sets, AKS
	// nodes, Container Apps, Azure Arc. Empty ({}) for the system-assigned
	// identity.
	ManagedIdentity *ManagedIdentity `json:"managed_identity,omitempty"`

	// Authenticate with AKS workload identity: the federated service
	// account token in AZURE_FEDERATED_TOKEN_FILE (re-read as Kubernetes
	// rotates it) for the application in AZURE_CLIENT_ID and
	// AZURE_TENANT_ID, which the workload identity webhook sets;
	// client_id and tenant_id override those two.
	WorkloadIdentity bool `json:"workload_identity,omitempty"`

	// Authenticate as the user logged in to the Azure CLI (az login) on
	// the machine running Caddy, for local development. The gateway runs
	// az account get-access-token when it needs a token.
	AzureCLI bool `json:"azure_cli,omitempty"`
}

// ManagedIdentity picks a managed identity.
type ManagedIdentity struct {
	// The client ID of a user-assigned identity; empty for the
	// system-assigned one.
	ClientID string `json:"client_id,omitempty"`
}

// Kinds of credential, named as in the Caddyfile.
const (
	credAPIKey      = "api_key"
	credSecret      = "client_secret"
	credCertificate = "client_certificate"
	credIdentity    = "managed_identity"
	credWorkload    = "workload_identity"
	credCLI         = "azure_cli"
)

// kinds lists the kinds of credential set.
func (c *Credentials) kinds() []string {
	var ks []string
	for _, k := range []struct {
		set  bool
		name string
	}{
		{c.APIKey != "", credAPIKey},
		{c.ClientSecret != "", credSecret},
		{c.ClientCertificate != "", credCertificate},
		{c.ManagedIdentity != nil, credIdentity},
		{c.WorkloadIdentity, credWorkload},
		{c.AzureCLI, credCLI},
	} {
		if k.set {
			ks = append(ks, k.name)
		}
	}
	return ks
}

// companions are the fields that go with some kinds only.
var companions = []struct {
	field string
	set   func(*Credentials) bool
	kinds []string
}{
	{"tenant_id", func(c *Credentials) bool { return c.TenantID != "" }, []string{credSecret, credCertificate, credWorkload}},
	{"client_id", func(c *Credentials) bool { return c.ClientID != "" }, []string{credSecret, credCertificate, credWorkload}},
	{"client_certificate_password", func(c *Credentials) bool { return c.ClientCertificatePassword != "" }, []string{credCertificate}},
}

// Conflict reports credentials that cannot go together whatever else is
// added: two kinds, or a field with a kind it does not apply to. It
// ignores what is missing, so that a parser may call it after each line.
func (c *Credentials) Conflict() error {
	ks := c.kinds()
	switch {
	case len(ks) > 1:
		return fmt.Errorf("%s and %s cannot both be set: choose one way to authenticate", ks[0], ks[1])
	case len(ks) == 0:
		return nil
	}
	for _, cp := range companions {
		if !cp.set(c) || slices.Contains(cp.kinds, ks[0]) {
			continue
		}
		if cp.field == "client_id" && ks[0] == credIdentity {
			return fmt.Errorf("client_id does not apply to managed_identity: give a user-assigned identity's client ID as managed_identity's argument")
		}
		return fmt.Errorf("%s does not apply to %s", cp.field, ks[0])
	}
	return nil
}
