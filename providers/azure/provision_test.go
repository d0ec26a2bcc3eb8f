package azure

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"go.uber.org/zap"
)

func TestProvisionErrors(t *testing.T) {
	const ep = "https://res.openai.azure.com"
	env := map[string]string{"{env.EMPTY}": ""}
	resolve := func(s string) string {
		if v, ok := env[s]; ok {
			return v
		}
		return s
	}
	tests := []struct {
		name    string
		account account
		want    string
	}{
		{"azure no endpoint", &OpenAIAccount{Credentials: Credentials{APIKey: "s3cr3t"}}, `azure account "prod": endpoint is required`},
		{"azure relative endpoint", &OpenAIAccount{Endpoint: "res.openai.azure.com", Credentials: Credentials{APIKey: "s3cr3t"}}, "endpoint must be an absolute https (or http) URL"},
		{"azure endpoint scheme", &OpenAIAccount{Endpoint: "ftp://res", Credentials: Credentials{APIKey: "s3cr3t"}}, "endpoint must be an absolute https (or http) URL"},
		{"azure endpoint user info", &OpenAIAccount{Endpoint: "https://u:s3cr3t@res", Credentials: Credentials{APIKey: "k"}}, "must not contain user info"},
		{"azure endpoint query", &OpenAIAccount{Endpoint: ep + "?api-version=1", Credentials: Credentials{APIKey: "s3cr3t"}}, "query or fragment"},
		{"azure key and entra", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "s3cr3t", TenantID: "t", ClientID: "c", ClientSecret: "s3cr3t2"}}, "api_key and client_secret cannot both be set"},
		{"azure entra partial", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{TenantID: "t", ClientSecret: "s3cr3t"}}, "must be set together (missing or empty: client_id)"},
		{"azure bad tenant", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{TenantID: "t/../x", ClientID: "c", ClientSecret: "s3cr3t"}}, "tenant_id must be a directory ID or domain"},
		{"azure bad key", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "s3cr3t\nX-Evil: 1"}}, "api_key has characters a header cannot carry"},
		{"azure bad api version", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "s3cr3t"}, APIVersion: "2024&x=1"}, "api_version must be"},
		{"azure reserved header", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "s3cr3t"}, Headers: http.Header{"api-key": {"s3cr3t"}}}, "Api-Key is set by the gateway"},
		{"azure reserved authorization", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "s3cr3t"}, Headers: http.Header{"Authorization": {"Bearer s3cr3t"}}}, "Authorization is set by the gateway"},
		{"azure bad header value", &OpenAIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "k"}, Headers: http.Header{"X-A": {"s3cr3t\n"}}}, "invalid value for X-A"},
		{"azure_ai no endpoint", &AIAccount{Credentials: Credentials{APIKey: "s3cr3t"}}, `azure_ai account "prod": endpoint is required`},
		{"azure_ai extra parameters", &AIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "s3cr3t"}, ExtraParameters: "ignore"}, "extra_parameters must be pass-through, drop or error"},
		{"azure_ai reserved header", &AIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "s3cr3t"}, Headers: http.Header{"Extra-Parameters": {"pass-through"}}}, "Extra-Parameters is set by the gateway"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.account.Provision(context.Background(), "prod", resolve, zap.NewNop())
			defer tt.account.Cleanup()
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), `account "prod"`) {
				t.Errorf("error %q, want it to name the account and contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks a secret: %q", err)
			}
		})
	}
}

func TestProvisionEndpoint(t *testing.T) {
	tests := []struct {
		endpoint         string
		base, pre, rawPr string
	}{
		{"https://res.openai.azure.com", "https://res.openai.azure.com", "", ""},
		{"https://res.openai.azure.com/", "https://res.openai.azure.com", "", ""},
		{"https://res.openai.azure.com/openai", "https://res.openai.azure.com", "", ""},
		{"https://res.openai.azure.com/openai/", "https://res.openai.azure.com", "", ""},
		{"http://proxy.internal:8080/azure/v%2F1/", "http://proxy.internal:8080", "/azure/v/1", "/azure/v%2F1"},
	}
	for _, tt := range tests {
		a := provision(t, &OpenAIAccount{Endpoint: tt.endpoint, Credentials: Credentials{APIKey: "k"}})
		if a.c.base != tt.base || a.c.prefix != tt.pre || a.c.rawPrefix != tt.rawPr {
			t.Errorf("%s: base %q prefix %q %q", tt.endpoint, a.c.base, a.c.prefix, a.c.rawPrefix)
		}
	}
	ai := provision(t, &AIAccount{Endpoint: "https://res.services.ai.azure.com/models/", Credentials: Credentials{APIKey: "k"}})
	if ai.c.base != "https://res.services.ai.azure.com" || ai.c.prefix != "/models" {
		t.Errorf("foundry: base %q prefix %q", ai.c.base, ai.c.prefix)
	}
}

func TestProvisionDefaults(t *testing.T) {
	a := provision(t, &OpenAIAccount{Endpoint: "https://res.openai.azure.com", Credentials: Credentials{APIKey: "k"}})
	if a.c.query != "api-version="+DefaultOpenAIAPIVersion || a.Name() != "test" {
		t.Errorf("query %q name %q", a.c.query, a.Name())
	}
	ai := provision(t, &AIAccount{Endpoint: "https://m.eastus2.models.ai.azure.com", Credentials: Credentials{APIKey: "k"}})
	if ai.c.query != "api-version="+DefaultAIAPIVersion || ai.ExtraParametersMode() != ExtraParametersDrop || ai.Name() != "test" {
		t.Errorf("query %q mode %q", ai.c.query, ai.ExtraParametersMode())
	}
	for _, mode := range []string{ExtraParametersDrop, ExtraParametersPassThrough, ExtraParametersError} {
		ai := provision(t, &AIAccount{Endpoint: "https://m.eastus2.models.ai.azure.com", Credentials: Credentials{APIKey: "k"}, ExtraParameters: mode})
		if ai.ExtraParametersMode() != mode || ai.c.extraParams[0] != mode {
			t.Errorf("mode %q: %q", mode, ai.ExtraParametersMode())
		}
	}
}

func TestProvisionResolvesPlaceholdersWithoutChangingConfig(t *testing.T) {
	vars := map[string]string{
		"{env.URL}":     "https://res.openai.azure.com/prefix",
		"{env.KEY}":     "resolved-key",
		"{env.VERSION}": "2025-04-01-preview",
		"{env.HDR}":     "resolved-header",
		"{env.MODE}":    "pass-through",
	}
	resolve := func(s string) string {
		if v, ok := vars[s]; ok {
			return v
		}
		return s
	}
	a := &OpenAIAccount{Endpoint: "{env.URL}", Credentials: Credentials{APIKey: "{env.KEY}"}, APIVersion: "{env.VERSION}",
		Headers: http.Header{"x-tenant": {"{env.HDR}", "plain"}}}
	before := *a
	before.Headers = a.Headers.Clone()
	if err := a.Provision(context.Background(), "p", resolve, nil); err != nil {
		t.Fatal(err)
	}
	defer a.Cleanup()
	if a.Endpoint != before.Endpoint || a.APIKey != before.APIKey || a.APIVersion != before.APIVersion ||
		!reflect.DeepEqual(a.Headers, before.Headers) {
		t.Errorf("exported fields changed: %+v", a)
	}
	if a.c.apiKey[0] != "resolved-key" || a.c.query != "api-version=2025-04-01-preview" || a.c.prefix != "/prefix" ||
		!reflect.DeepEqual(a.c.headers["X-Tenant"], []string{"resolved-header", "plain"}) {
		t.Errorf("not resolved: key set %v query %q prefix %q headers %v", a.c.apiKey != nil, a.c.query, a.c.prefix, a.c.headers)
	}

	ai := &AIAccount{Endpoint: "{env.URL}", Credentials: Credentials{APIKey: "{env.KEY}"}, ExtraParameters: "{env.MODE}"}
	if err := ai.Provision(context.Background(), "p", resolve, nil); err != nil {
		t.Fatal(err)
	}
	defer ai.Cleanup()
	if ai.APIKey != "{env.KEY}" || ai.ExtraParameters != "{env.MODE}" || ai.ExtraParametersMode() != "pass-through" ||
		ai.c.bearer[0] != "Bearer resolved-key" {
		t.Errorf("azure_ai: %+v mode %q", ai, ai.ExtraParametersMode())
	}
}

func TestProvisionAuthorityHost(t *testing.T) {
	entra := func() *OpenAIAccount {
		return &OpenAIAccount{Endpoint: "https://res.openai.azure.com", Credentials: Credentials{TenantID: "t", ClientID: "c", ClientSecret: "s3cr3t"}}
	}
	for _, host := range []string{"login.example", "http://login.example"} {
		t.Setenv(EnvAuthorityHost, host)
		err := entra().Provision(context.Background(), "prod", nil, nil)
		if err == nil || !strings.Contains(err.Error(), "AZURE_AUTHORITY_HOST") || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error %v", host, err)
		}
	}
	for host, want := range map[string]string{
		"https://login.microsoftonline.us/": "https://login.microsoftonline.us",
		"":                                  DefaultAuthorityHost,
	} {
		t.Setenv(EnvAuthorityHost, host)
		a := provision(t, entra())
		if got := a.c.entra.opts.Cloud.ActiveDirectoryAuthorityHost; got != want {
			t.Errorf("%q: authority %q, want %q", host, got, want)
		}
	}
}

func TestNotProvisioned(t *testing.T) {
	if _, err := (&OpenAIAccount{}).Post(context.Background(), "d", OpChat, nil, false); err == nil || !strings.Contains(err.Error(), "not provisioned") {
		t.Errorf("azure: %v", err)
	}
	if _, err := (&AIAccount{}).Post(context.Background(), OpChat, nil, false); err == nil || !strings.Contains(err.Error(), "not provisioned") {
		t.Errorf("azure_ai: %v", err)
	}
}

// TestProvisionWithoutCredentials: credentials written as placeholders that
// resolve to nothing let the gateway start; each request then fails with
// a CredentialsError that says so, before anything is sent.
func TestProvisionWithoutCredentials(t *testing.T) {
	ep := "http://127.0.0.1:1" // never dialled
	resolve := func(s string) string {
		if strings.HasPrefix(s, "{env.") {
			return ""
		}
		return s
	}
	// The summary names the field the account kind has, no other.
	check := func(name string, err error, kind, field string) {
		t.Helper()
		var ce *CredentialsError
		want := kind + ` account "prod" has no credentials: its ` + field + ` resolved to nothing`
		if !errors.As(err, &ce) || ce.Summary() != want {
			t.Errorf("%s: error %v\nwant summary %q", name, err, want)
		}
	}
	oai := &OpenAIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "{env.AZURE_API_KEY}"}}
	entra := &OpenAIAccount{Endpoint: ep, Credentials: Credentials{TenantID: "t", ClientID: "c", ClientSecret: "{env.AZURE_CLIENT_SECRET}"}}
	ai := &AIAccount{Endpoint: ep, Credentials: Credentials{APIKey: "{env.LLAMA_KEY}"}}
	for name, a := range map[string]*OpenAIAccount{"api_key": oai, "client_secret": entra} {
		if err := a.Provision(context.Background(), "prod", resolve, zap.NewNop()); err != nil {
			t.Fatalf("%s: provision: %v", name, err)
		}
		_, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte("{}"), false)
		check(name, err, KindOpenAI, name)
		a.Cleanup()
	}
	if err := ai.Provision(context.Background(), "prod", resolve, zap.NewNop()); err != nil {
		t.Fatalf("azure_ai: provision: %v", err)
	}
	_, err := ai.Post(context.Background(), OpChat, []byte("{}"), false)
	check("azure_ai", err, KindAI, "api_key")
	ai.Cleanup()
}
