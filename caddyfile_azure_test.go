package llmgateway

import (
	"reflect"
	"testing"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
)

// TestUnmarshalAzureCredentials: each way to authenticate, in both kinds
// of Azure block, and none at all (DefaultAzureCredential).
func TestUnmarshalAzureCredentials(t *testing.T) {
	g := new(Gateway)
	err := g.UnmarshalCaddyfile(caddyfile.NewTestDispenser(`llm_gateway {
		azure cert {
			tenant_id {env.AZURE_TENANT_ID}
			client_id {env.AZURE_CLIENT_ID}
			client_certificate /etc/caddy/client.pfx
			client_certificate_password {env.PFX_PASSWORD}
		}
		azure system {
			managed_identity
		}
		azure user {
			managed_identity {env.MI_CLIENT_ID}
		}
		azure aks {
			client_id 00000000-0000-4000-8000-00000000bbbb
			workload_identity
		}
		azure laptop {
			azure_cli
		}
		azure chain {
			endpoint https://res.openai.azure.com
		}
		azure_ai foundry {
			managed_identity
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]azure.Credentials{
		"cert": {TenantID: "{env.AZURE_TENANT_ID}", ClientID: "{env.AZURE_CLIENT_ID}",
			ClientCertificate: "/etc/caddy/client.pfx", ClientCertificatePassword: "{env.PFX_PASSWORD}"},
		"system": {ManagedIdentity: &azure.ManagedIdentity{}},
		"user":   {ManagedIdentity: &azure.ManagedIdentity{ClientID: "{env.MI_CLIENT_ID}"}},
		"aks":    {ClientID: "00000000-0000-4000-8000-00000000bbbb", WorkloadIdentity: true},
		"laptop": {AzureCLI: true},
		"chain":  {},
	}
	for name, cr := range want {
		if got := g.Azure[name].Credentials; !reflect.DeepEqual(got, cr) {
			t.Errorf("%s: %+v, want %+v", name, got, cr)
		}
	}
	if got := g.AzureAI["foundry"].Credentials; !reflect.DeepEqual(got, azure.Credentials{ManagedIdentity: &azure.ManagedIdentity{}}) {
		t.Errorf("azure_ai: %+v", got)
	}
}
