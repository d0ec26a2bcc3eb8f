package azure

import (
	"crypto"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
)

const (
	// DefaultAuthorityHost is the public cloud's Entra authority.
	DefaultAuthorityHost = "https://login.microsoftonline.com"
	// EnvAuthorityHost overrides it, as in Azure's SDKs: sovereign clouds
	// (https://login.microsoftonline.us, https://login.chinacloudapi.cn).
	EnvAuthorityHost = "AZURE_AUTHORITY_HOST"
	// EnvFederatedTokenFile is where AKS workload identity writes the
	// service account token that workload_identity presents to Entra.
	EnvFederatedTokenFile = "AZURE_FEDERATED_TOKEN_FILE"
)

// flow is one way of getting Entra tokens: how to build its azidentity
// credential, and what to call it in logs (name) and in errors (what).
// build may be called again after Azure refuses a token, for a credential
// whose cache is empty.
type flow struct {
	name, what string
	build      func(azcore.ClientOptions) (azcore.TokenCredential, error)
}

// tokenOptions are the client options of every credential: the account's
// connection pool, no redirects, the authority of AZURE_AUTHORITY_HOST,
// and no retries, as the gateway fails the request instead and remembers
// the failure (a retrying IMDS client would hold requests for a minute).
func tokenOptions(transport *http.Transport, authority string) azcore.ClientOptions {
	return azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: authority},
		Retry:     policy.RetryOptions{MaxRetries: -1},
		Transport: &http.Client{Transport: transport, CheckRedirect: upstream.NoRedirects},
	}
}

// authorityHost is AZURE_AUTHORITY_HOST, checked, or the public cloud's.
func authorityHost() (string, error) {
	host := strings.TrimRight(os.Getenv(EnvAuthorityHost), "/")
	if host == "" {
		return DefaultAuthorityHost, nil
	}
	base, prefix, _, err := parseEndpoint(host)
	if err != nil {
		return "", fmt.Errorf("%s: %v", EnvAuthorityHost, err)
	}
	if !strings.HasPrefix(base, "https://") {
		return "", fmt.Errorf("%s must be an https URL", EnvAuthorityHost)
	}
	return base + prefix, nil
}

// Instance discovery is off in every flow: MSAL skips it anyway for
// Microsoft's own authorities (public and sovereign clouds), and for any
// other AZURE_AUTHORITY_HOST it would ask the public cloud to vouch for a
// host the operator named on purpose, which a private cloud cannot pass.

func secretFlow(tenant, clientID, secret string) flow {
	return flow{"client_secret", "tenant_id, client_id and client_secret",
		func(o azcore.ClientOptions) (azcore.TokenCredential, error) {
			return azidentity.NewClientSecretCredential(tenant, clientID, secret,
				&azidentity.ClientSecretCredentialOptions{ClientOptions: o, DisableInstanceDiscovery: true})
		}}
}

func certificateFlow(tenant, clientID string, certs []*x509.Certificate, key crypto.PrivateKey) flow {
	return flow{"client_certificate", "tenant_id, client_id and client_certificate",
		func(o azcore.ClientOptions) (azcore.TokenCredential, error) {
			return azidentity.NewClientCertificateCredential(tenant, clientID, certs, key,
				&azidentity.ClientCertificateCredentialOptions{ClientOptions: o, DisableInstanceDiscovery: true})
		}}
}

// identityFlow is a managed identity: system-assigned when clientID is
// empty. azidentity finds the endpoint from the environment: App Service
// and Functions (IDENTITY_ENDPOINT), Azure Arc, Cloud Shell, Service
// Fabric, else IMDS (virtual machines, AKS nodes, Container Apps).
func identityFlow(clientID string) flow {
	what := "the system-assigned managed identity"
	if clientID != "" {
		what = "the managed identity " + clientID
	}
	return flow{"managed_identity", what, func(o azcore.ClientOptions) (azcore.TokenCredential, error) {
		mo := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: o}
		if clientID != "" {
			mo.ID = azidentity.ClientID(clientID)
		}
		return azidentity.NewManagedIdentityCredential(mo)
	}}
}

// workloadFlow presents the federated token in file, re-read as AKS
// rotates it, as a client assertion.
func workloadFlow(tenant, clientID, file string) flow {
	return flow{"workload_identity", "workload identity (" + EnvFederatedTokenFile + ")",
		func(o azcore.ClientOptions) (azcore.TokenCredential, error) {
			return azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
				ClientOptions: o, TenantID: tenant, ClientID: clientID, TokenFilePath: file,
				DisableInstanceDiscovery: true,
			})
		}}
}

// cliFlow runs `az account get-access-token` as the user running Caddy.
func cliFlow() flow {
	return flow{"azure_cli", "the Azure CLI (az login)", func(azcore.ClientOptions) (azcore.TokenCredential, error) {
		return azidentity.NewAzureCLICredential(nil)
	}}
}

// defaultFlow is DefaultAzureCredential's chain: environment variables,
// workload identity, managed identity, Azure CLI, Azure Developer CLI and
// Azure PowerShell; AZURE_TOKEN_CREDENTIALS narrows it.
func defaultFlow() flow {
	return flow{"default_chain", "DefaultAzureCredential (no credentials are configured; environment, workload identity, managed identity and Azure CLI were tried)",
		func(o azcore.ClientOptions) (azcore.TokenCredential, error) {
			return azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
				ClientOptions: o, DisableInstanceDiscovery: true,
			})
		}}
}
