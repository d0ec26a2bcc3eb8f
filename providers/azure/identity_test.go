package azure

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// appServiceIdentity has the fake answer as App Service's managed
// identity endpoint, and returns credentials for its user-assigned
// identity.
func appServiceIdentity(t *testing.T, s *fakeazure.Server) Credentials {
	t.Setenv("IDENTITY_ENDPOINT", s.URL+fakeazure.IdentityPath)
	t.Setenv("IDENTITY_HEADER", s.IdentityHeader)
	return Credentials{ManagedIdentity: &ManagedIdentity{ClientID: s.ManagedIdentityClientID}}
}

// TestManagedIdentityAppService: a user-assigned identity's token comes
// from IDENTITY_ENDPOINT with the secret header, the resource and the
// client ID, and is reused.
func TestManagedIdentityAppService(t *testing.T) {
	s := okFake(t)
	a := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: appServiceIdentity(t, s)})
	r := checkReuse(t, s, a, 3, fakeazure.FlowIdentity, fakeazure.KindIdentity)
	if r.Path != fakeazure.IdentityPath || r.Header.Get("X-Identity-Header") != s.IdentityHeader ||
		r.Query.Get("resource") != "https://cognitiveservices.azure.com" || r.Query.Get("client_id") != s.ManagedIdentityClientID {
		t.Errorf("identity request %s %v %v", r.Path, r.Query, r.Header)
	}
}

// TestManagedIdentityIMDS: without IDENTITY_ENDPOINT the system-assigned
// identity's token comes from IMDS. IMDS answers at 169.254.169.254 on
// Azure; the account's dialer sends that address to the fake here, and
// refuses any other.
func TestManagedIdentityIMDS(t *testing.T) {
	s := okFake(t)
	s.TokenLifetime = shortLife // MSAL caches the system-assigned identity's token process-wide
	a := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{ManagedIdentity: &ManagedIdentity{}}})
	fakeAddr := strings.TrimPrefix(s.URL, "http://")
	a.c.transport.Proxy = nil
	a.c.transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "169.254.169.254:80" {
			addr = fakeAddr
		}
		if addr != fakeAddr {
			return nil, fmt.Errorf("test dialer: refusing %s", addr)
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	r := checkReuse(t, s, a, 2, fakeazure.FlowIdentity, fakeazure.KindIdentity)
	if r.Path != fakeazure.IMDSPath || r.Header.Get("Metadata") != "true" ||
		r.Query.Get("resource") != "https://cognitiveservices.azure.com" || r.Query.Has("client_id") {
		t.Errorf("IMDS request %s %v %v", r.Path, r.Query, r.Header)
	}
}

// TestManagedIdentityRejectedTokenNotResent: after Azure refuses a managed
// identity's token, a new credential still gets the same one (MSAL caches
// managed identity tokens process-wide), so the request is not sent
// again: it fails at once as a rejected credential.
func TestManagedIdentityRejectedTokenNotResent(t *testing.T) {
	s := okFake(t)
	a := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: appServiceIdentity(t, s)})
	postOK(t, a)
	s.Advance(2 * time.Hour) // the token has expired on Azure's clock
	_, err := a.Post(t.Context(), "gpt-4o", OpChat, []byte(chatBody), false)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 {
		t.Fatalf("error %v", err)
	}
	if n := len(apiRequests(s)); n != 2 {
		t.Errorf("%d API requests, want 2: the refused token was sent again", n)
	}
	if n := s.Count(fakeazure.KindIdentity); n != 1 {
		t.Errorf("%d identity requests, want 1", n)
	}
}

// TestAzureCLI: the token az prints is used and reused; az's own cache
// hands a refused token back, so it is not resent, until a new az login
// gives another.
func TestAzureCLI(t *testing.T) {
	s := okFake(t)
	az := s.FakeAzCLI(t)
	a := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{AzureCLI: true}})
	for range 3 {
		postOK(t, a)
	}
	checkBearer(t, s, fakeazure.FlowCLI)
	calls := az.Calls()
	if len(calls) != 1 || calls[0] != "account get-access-token -o json --resource https://cognitiveservices.azure.com" {
		t.Fatalf("az calls %q", calls)
	}

	s.Advance(2 * time.Hour)
	_, err := a.Post(t.Context(), "gpt-4o", OpChat, []byte(chatBody), false)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || len(az.Calls()) != 2 || len(apiRequests(s)) != 4 {
		t.Fatalf("refused token: %v; %d az calls, %d API requests", err, len(az.Calls()), len(apiRequests(s)))
	}

	fresh := az.SetToken(t) // az login
	postOK(t, a)
	reqs := apiRequests(s)
	if last := reqs[len(reqs)-1]; last.Header.Get("Authorization") != "Bearer "+fresh || len(reqs) != 6 {
		t.Errorf("after az login: %d API requests, last with %q", len(reqs), last.Header.Get("Authorization"))
	}
}

// TestDefaultChain: with no credentials configured, DefaultAzureCredential
// finds them in the environment: a service principal's variables, or a
// managed identity.
func TestDefaultChain(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  func(*fakeazure.Server) map[string]string
		flow string
	}{
		{"environment", func(s *fakeazure.Server) map[string]string {
			return map[string]string{"AZURE_TENANT_ID": s.TenantID, "AZURE_CLIENT_ID": s.ClientID, "AZURE_CLIENT_SECRET": s.ClientSecret}
		}, fakeazure.FlowSecret},
		{"managed identity", func(s *fakeazure.Server) map[string]string {
			return map[string]string{"IDENTITY_ENDPOINT": s.URL + fakeazure.IdentityPath, "IDENTITY_HEADER": s.IdentityHeader}
		}, fakeazure.FlowIdentity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := okFake(t)
			s.TokenLifetime = shortLife // the system-assigned identity, cached process-wide by MSAL
			for k, v := range tc.env(s) {
				t.Setenv(k, v)
			}
			a := provision(t, &OpenAIAccount{Endpoint: s.URL})
			postOK(t, a)
			postOK(t, a)
			checkBearer(t, s, tc.flow)
		})
	}
}

// TestDefaultChainFindsNothing: the request fails with a CredentialsError
// that names the account and the chain; the chain's account of what it
// tried goes with it, for the log.
func TestDefaultChainFindsNothing(t *testing.T) {
	s := fakeazure.New(t)
	isolateAzureEnv(t, s)
	t.Setenv("AZURE_TOKEN_CREDENTIALS", "dev") // the developer tools only: no IMDS probe
	t.Setenv("PATH", t.TempDir())              // and none of them installed
	a := provision(t, &AIAccount{Endpoint: s.URL})
	_, err := a.Post(t.Context(), OpChat, []byte(chatBody), false)
	var credErr *CredentialsError
	if !errors.As(err, &credErr) || credErr.Kind != KindAI ||
		!strings.HasPrefix(credErr.Summary(), `azure_ai account "test": could not get a Microsoft Entra ID token with DefaultAzureCredential`) ||
		!strings.Contains(err.Error(), "AzureCLICredential") {
		t.Errorf("error %v", err)
	}
	if n := len(apiRequests(s)); n != 0 {
		t.Errorf("%d API requests without a token", n)
	}
}

// TestAIAccountEntra: Azure AI Foundry takes Entra tokens: an azure_ai
// account with a managed identity sends the token alone, no api-key, and
// still its extra-parameters header.
func TestAIAccountEntra(t *testing.T) {
	s := okFake(t)
	s.HandleModel("", fakeazure.Reply{Text: "ok"})
	a := provision(t, &AIAccount{Endpoint: s.URL + "/models", Credentials: appServiceIdentity(t, s)})
	resp, err := a.Post(t.Context(), OpChat, []byte(`{"model":"Phi-4",`+chatBody[1:]), false)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	checkBearer(t, s, fakeazure.FlowIdentity)
	if r := apiRequests(s)[0]; r.Header.Get("Extra-Parameters") != ExtraParametersDrop {
		t.Errorf("extra-parameters %q", r.Header.Get("Extra-Parameters"))
	}
}
