package llmgateway

import (
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
)

// azureCredentials reads the credential lines of an azure or azure_ai
// block into cr, for parseAccount:
//
//	api_key <key>
//	tenant_id <id>
//	client_id <id>
//	client_secret <secret>
//	client_certificate <path>
//	client_certificate_password <password>
//	managed_identity [<client_id>]
//	workload_identity
//	azure_cli
//
// After each line the credentials read so far must not conflict (two
// kinds, or a field with a kind it does not go with), so that the error
// names the line that made them conflict. What is missing is checked at
// provision, once placeholders are resolved.
func azureCredentials(d *caddyfile.Dispenser, provider string, cr *azure.Credentials) func(name, sub string) (bool, error) {
	values := map[string]*string{
		"api_key":                     &cr.APIKey,
		"tenant_id":                   &cr.TenantID,
		"client_id":                   &cr.ClientID,
		"client_secret":               &cr.ClientSecret,
		"client_certificate":          &cr.ClientCertificate,
		"client_certificate_password": &cr.ClientCertificatePassword,
	}
	return func(name, sub string) (bool, error) {
		switch sub {
		case "managed_identity":
			if cr.ManagedIdentity != nil {
				return true, d.Errf("%s managed_identity is set twice", provider)
			}
			mi := new(azure.ManagedIdentity)
			if d.NextArg() {
				mi.ClientID = d.Val()
			}
			if d.NextArg() {
				return true, d.ArgErr()
			}
			cr.ManagedIdentity = mi
		case "workload_identity", "azure_cli":
			flag := &cr.WorkloadIdentity
			if sub == "azure_cli" {
				flag = &cr.AzureCLI
			}
			if *flag {
				return true, d.Errf("%s %s is set twice", provider, sub)
			}
			if d.NextArg() {
				return true, d.ArgErr()
			}
			*flag = true
		default:
			field, ok := values[sub]
			if !ok {
				return false, nil
			}
			if err := setOnce(d, provider, sub, field); err != nil {
				return true, err
			}
		}
		if err := cr.Conflict(); err != nil {
			return true, d.Errf("%s %q: %v", provider, name, err)
		}
		return true, nil
	}
}
