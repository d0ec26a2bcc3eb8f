package integration

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// useGatewayClock runs the gateway's token caches on a clock the test
// moves, for the rest of the test.
func useGatewayClock(t *testing.T) *fakeClock { return useFakeClockAt(t, time.Now()) }

// identityFake is a fake Azure for a whole-server identity test. Its
// tokens live 4 minutes, under MSAL's 5-minute expiry margin, so that
// azidentity never answers from its own cache and the gateway's clock
// alone decides when a token is fetched.
func identityFake(t *testing.T) *fakeazure.Server {
	fake := fakeazure.New(t)
	fake.TokenLifetime = 4 * time.Minute
	fake.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	fakeazure.IsolateEnv(t)
	return fake
}

// chatOK asks the gateway for a chat completion with the OpenAI client.
func chatOK(t *testing.T) {
	t.Helper()
	client := newClient()
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "gpt4o",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "ok" {
		t.Fatalf("content %q", resp.Choices[0].Message.Content)
	}
}

// checkTokens checks the bearer tokens the fake Azure received, in order:
// each from flow, and changing exactly where want says (want[i] is true
// when request i carried a new token).
func checkTokens(t *testing.T, fake *fakeazure.Server, flow string, want []bool) {
	t.Helper()
	var got []string
	for _, r := range fake.Requests() {
		if r.Kind == fakeazure.KindOpenAI {
			got = append(got, r.Header.Get("Authorization"))
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d API requests, want %d", len(got), len(want))
	}
	for i, auth := range got {
		if !strings.HasPrefix(auth, "Bearer fake-"+flow+"-token-") {
			t.Errorf("request %d: Authorization %q, want a %s token", i, auth, flow)
		}
		if fresh := i == 0 || auth != got[i-1]; fresh != want[i] {
			t.Errorf("request %d: new token %v, want %v", i, fresh, want[i])
		}
	}
}

// TestManagedIdentityWholeServer: a user-assigned managed identity's token
// (App Service's endpoint here) authenticates the gateway's calls; it is
// fetched once, reused, replaced in the last quarter of its life, and
// again once it has expired.
func TestManagedIdentityWholeServer(t *testing.T) {
	fake := identityFake(t)
	t.Setenv("IDENTITY_ENDPOINT", fake.URL+fakeazure.IdentityPath)
	t.Setenv("IDENTITY_HEADER", fake.IdentityHeader)
	clk := useGatewayClock(t)
	startGateway(t, `llm_gateway {
		azure mi {
			endpoint `+fake.URL+`
			managed_identity `+fake.ManagedIdentityClientID+`
		}
		model gpt4o azure/gpt-4o
	}`)
	for range 3 {
		chatOK(t)
	}
	clk.Advance(210 * time.Second) // 30 s left: refreshed ahead of expiry
	chatOK(t)
	clk.Advance(5 * time.Minute) // past expiry
	chatOK(t)
	checkTokens(t, fake, fakeazure.FlowIdentity, []bool{true, false, false, true, true})
	if n := fake.Count(fakeazure.KindIdentity); n != 3 {
		t.Errorf("%d identity requests, want 3", n)
	}
	for _, r := range fake.Requests() {
		if r.Kind == fakeazure.KindIdentity && r.Query.Get("client_id") != fake.ManagedIdentityClientID {
			t.Errorf("identity request for %q", r.Query.Get("client_id"))
		}
	}
}

// TestWorkloadIdentityWholeServer: with what the AKS webhook sets in the
// environment, the federated token goes to Entra as the client assertion,
// and Entra's token authenticates the gateway's calls: fetched once,
// reused, and replaced once it has expired.
func TestWorkloadIdentityWholeServer(t *testing.T) {
	fake := identityFake(t)
	t.Setenv("AZURE_AUTHORITY_HOST", fake.AuthorityURL)
	t.Setenv("AZURE_TENANT_ID", fake.TenantID)
	t.Setenv("AZURE_CLIENT_ID", fake.ClientID)
	t.Setenv("AZURE_FEDERATED_TOKEN_FILE", writeTemp(t, fake.FederatedToken))
	clk := useGatewayClock(t)
	startGateway(t, `llm_gateway {
		azure aks {
			endpoint `+fake.URL+`
			workload_identity
		}
		model gpt4o azure/gpt-4o
	}`)
	for range 3 {
		chatOK(t)
	}
	clk.Advance(5 * time.Minute)
	chatOK(t)
	checkTokens(t, fake, fakeazure.FlowWorkload, []bool{true, false, false, true})
	var forms []url.Values
	for _, r := range fake.Requests() {
		if r.Kind == fakeazure.KindToken {
			f, _ := url.ParseQuery(string(r.Body))
			forms = append(forms, f)
		}
	}
	if len(forms) != 2 {
		t.Fatalf("%d token requests, want 2", len(forms))
	}
	if f := forms[0]; f.Get("client_assertion") != fake.FederatedToken || f.Get("client_id") != fake.ClientID ||
		f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		t.Errorf("token request %v", f)
	}
}

// writeTemp writes content to a file of the test's and returns its path.
func writeTemp(t *testing.T, content string) string {
	path := filepath.Join(t.TempDir(), "azure-identity-token")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDefaultChainWholeServer: an azure account with no credentials starts;
// when DefaultAzureCredential finds none, a request gets a 500 naming the
// account, never a 401.
func TestDefaultChainWholeServer(t *testing.T) {
	fake := identityFake(t)
	t.Setenv("AZURE_TOKEN_CREDENTIALS", "dev") // the developer tools only: no IMDS probe
	t.Setenv("PATH", t.TempDir())              // and none of them installed
	startGateway(t, `llm_gateway {
		azure chain {
			endpoint `+fake.URL+`
		}
		model gpt4o azure/gpt-4o
	}`)
	resp := post(t, "/v1/chat/completions", `{"model":"gpt4o",`+hello+`}`)
	e := decodeError(t, resp)
	if resp.StatusCode != http.StatusInternalServerError || e.Error.Code == nil || *e.Error.Code != "upstream_credentials_unavailable" ||
		!strings.Contains(e.Error.Message, `azure account "chain"`) || !strings.Contains(e.Error.Message, "DefaultAzureCredential") {
		t.Errorf("%d %+v", resp.StatusCode, e.Error)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests reached the fake Azure", n)
	}
}
