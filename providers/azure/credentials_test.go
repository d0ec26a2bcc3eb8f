package azure

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// TestCredentialConflicts: two kinds of credential, or a field with a kind
// it does not go with, stop provisioning with an error naming both.
func TestCredentialConflicts(t *testing.T) {
	mi := &ManagedIdentity{}
	for _, tc := range []struct {
		name string
		cr   Credentials
		want string
	}{
		{"key and identity", Credentials{APIKey: "s3cr3t", ManagedIdentity: mi}, "api_key and managed_identity cannot both be set"},
		{"secret and certificate", Credentials{TenantID: "t", ClientID: "c", ClientSecret: "s3cr3t", ClientCertificate: "/c.pem"}, "client_secret and client_certificate cannot both be set"},
		{"workload and cli", Credentials{WorkloadIdentity: true, AzureCLI: true}, "workload_identity and azure_cli cannot both be set"},
		{"identity and cli", Credentials{ManagedIdentity: mi, AzureCLI: true}, "managed_identity and azure_cli cannot both be set"},
		{"tenant with identity", Credentials{TenantID: "t", ManagedIdentity: mi}, "tenant_id does not apply to managed_identity"},
		{"client id with identity", Credentials{ClientID: "c", ManagedIdentity: mi}, "client_id does not apply to managed_identity: give a user-assigned identity's client ID as managed_identity's argument"},
		{"tenant with key", Credentials{TenantID: "t", APIKey: "s3cr3t"}, "tenant_id does not apply to api_key"},
		{"client id with cli", Credentials{ClientID: "c", AzureCLI: true}, "client_id does not apply to azure_cli"},
		{"password with secret", Credentials{TenantID: "t", ClientID: "c", ClientSecret: "s3cr3t", ClientCertificatePassword: "s3cr3t2"}, "client_certificate_password does not apply to client_secret"},
		{"ids alone", Credentials{TenantID: "t", ClientID: "c"}, "tenant_id and client_id need client_secret, client_certificate or workload_identity"},
		{"password alone", Credentials{ClientCertificatePassword: "s3cr3t"}, "client_certificate_password needs client_certificate"},
		{"certificate without ids", Credentials{ClientCertificate: "/c.pem"}, "tenant_id, client_id and client_certificate must be set together (missing or empty: tenant_id, client_id)"},
		{"certificate missing", Credentials{TenantID: "t", ClientID: "c", ClientCertificate: "/nonexistent/c.pem"}, "client_certificate: open /nonexistent/c.pem"},
		{"certificate unreadable", Credentials{TenantID: "t", ClientID: "c", ClientCertificate: "credentials_test.go"}, "client_certificate credentials_test.go:"},
		{"identity client id", Credentials{ManagedIdentity: &ManagedIdentity{ClientID: "a b"}}, "managed_identity client ID must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &OpenAIAccount{Endpoint: "https://res.openai.azure.com", Credentials: tc.cr}
			err := a.Provision(context.Background(), "prod", nil, zap.NewNop())
			a.Cleanup()
			if err == nil || !strings.Contains(err.Error(), `azure account "prod": `+tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks a secret: %v", err)
			}
		})
	}
}

// TestMissingIdentity: a credential written as a placeholder that
// resolves to nothing, or a workload identity the environment does not
// set up, lets the account provision; its requests fail before anything
// is sent, saying why.
func TestMissingIdentity(t *testing.T) {
	s := fakeazure.New(t)
	isolateAzureEnv(t, s)
	empty := func(v string) string {
		if strings.HasPrefix(v, "{env.") {
			return ""
		}
		return v
	}
	for _, tc := range []struct {
		cr   Credentials
		want string
	}{
		{Credentials{ManagedIdentity: &ManagedIdentity{ClientID: "{env.MI_CLIENT_ID}"}}, "its managed_identity client ID resolved to nothing"},
		{Credentials{TenantID: "t", ClientID: "c", ClientCertificate: "{env.CERT}"}, "its client_certificate resolved to nothing"},
		{Credentials{TenantID: "t", ClientID: "c", ClientCertificate: "/c.pem", ClientCertificatePassword: "{env.PW}"}, "its client_certificate_password resolved to nothing"},
		{Credentials{WorkloadIdentity: true}, "workload_identity needs AZURE_FEDERATED_TOKEN_FILE, which is not set"},
	} {
		a := &OpenAIAccount{Endpoint: s.URL, Credentials: tc.cr}
		if err := a.Provision(context.Background(), "prod", empty, zap.NewNop()); err != nil {
			t.Errorf("%s: provision: %v", tc.want, err)
			continue
		}
		_, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false)
		a.Cleanup()
		var ce *CredentialsError
		if !errors.As(err, &ce) || ce.Summary() != `azure account "prod" has no credentials: `+tc.want {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
	t.Setenv(EnvFederatedTokenFile, "/var/run/secrets/azure/tokens/azure-identity-token")
	a := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{WorkloadIdentity: true}})
	if _, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false); err == nil ||
		!strings.Contains(err.Error(), "workload_identity needs tenant_id or AZURE_TENANT_ID") {
		t.Errorf("no tenant: %v", err)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent without credentials", n)
	}
}
