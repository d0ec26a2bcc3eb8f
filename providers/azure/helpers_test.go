package azure

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

func TestMain(m *testing.M) {
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
	return &OpenAIAccount{Endpoint: s.URL, APIKey: s.Key}
}

// entraAccount is an Azure OpenAI account with the fake's Entra
// credentials; the test's AZURE_AUTHORITY_HOST points at the fake.
func entraAccount(t testing.TB, s *fakeazure.Server) *OpenAIAccount {
	t.Setenv(EnvAuthorityHost, s.URL)
	return &OpenAIAccount{Endpoint: s.URL, TenantID: s.TenantID, ClientID: s.ClientID, ClientSecret: s.ClientSecret}
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
