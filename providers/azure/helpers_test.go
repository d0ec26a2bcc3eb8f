package azure

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

func TestMain(m *testing.M) {
	// The fake Entra is an https authority, as MSAL requires.
	cleanup, err := fakeazure.TrustTestCertificates()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer cleanup()
	goleak.VerifyTestMain(m)
}

// account is what both kinds of account have in common, for helpers.
type account interface {
	Provision(ctx context.Context, name string, resolve func(string) string, logger *zap.Logger) error
	Cleanup()
}

// provision provisions a as "test" and cleans it up when the test ends.
func provision[A account](t testing.TB, a A) A {
	t.Helper()
	if err := a.Provision(context.Background(), "test", nil, zap.NewNop()); err != nil {
		t.Fatalf("Provision: %v", err)
	}
	t.Cleanup(a.Cleanup)
	return a
}

// keyAccount is an Azure OpenAI account with the fake's key.
func keyAccount(s *fakeazure.Server) *OpenAIAccount {
	return &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{APIKey: s.Key}}
}

// entraAccount is an Azure OpenAI account with the fake's client secret;
// the test's AZURE_AUTHORITY_HOST points at the fake.
func entraAccount(t testing.TB, s *fakeazure.Server) *OpenAIAccount {
	isolateAzureEnv(t, s)
	return &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{
		TenantID: s.TenantID, ClientID: s.ClientID, ClientSecret: s.ClientSecret}}
}

// isolateAzureEnv keeps the developer's Azure setup out of a test and
// points AZURE_AUTHORITY_HOST at the fake.
func isolateAzureEnv(t testing.TB, s *fakeazure.Server) {
	t.Helper()
	fakeazure.IsolateEnv(t)
	t.Setenv(EnvAuthorityHost, s.AuthorityURL)
}

// observed returns a debug-level logger and what it records.
func observed() (*zap.Logger, *observer.ObservedLogs) {
	core, logs := observer.New(zapcore.DebugLevel)
	return zap.New(core), logs
}

// checkNoSecrets fails if any log entry, message or field, contains one of
// the secrets.
func checkNoSecrets(t *testing.T, logs *observer.ObservedLogs, secrets ...string) {
	t.Helper()
	enc := zapcore.NewJSONEncoder(zap.NewDevelopmentEncoderConfig())
	for _, e := range logs.All() {
		buf, err := enc.EncodeEntry(e.Entry, e.Context)
		if err != nil {
			t.Fatal(err)
		}
		line := buf.String()
		buf.Free()
		for _, s := range secrets {
			if s != "" && strings.Contains(line, s) {
				t.Errorf("log entry leaks a secret: %s", line)
			}
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
