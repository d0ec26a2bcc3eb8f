package bedrock

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// isolateAWS hides the developer's AWS environment and files, and the
// instance metadata service, so only what a test sets can be found.
func isolateAWS(t testing.TB) {
	t.Helper()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "AWS_") {
			t.Setenv(k, "") // restores the value after the test
			os.Unsetenv(k)
		}
	}
	dir := t.TempDir()
	for _, v := range []string{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"} {
		f := filepath.Join(dir, strings.ToLower(v))
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv(v, f)
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// provision provisions a and cleans it up when the test ends.
func provision(t testing.TB, a *Account) *Account {
	t.Helper()
	if err := a.Provision(context.Background(), "test", nil, zap.NewNop()); err != nil {
		t.Fatalf("Provision: %v", err)
	}
	t.Cleanup(a.Cleanup)
	return a
}

// fakeAccount is an account with static keys pointed at s.
func fakeAccount(s *fakebedrock.Server) *Account {
	return &Account{
		Region:          s.Region,
		AccessKeyID:     s.Creds.AccessKeyID,
		SecretAccessKey: s.Creds.SecretAccessKey,
		SessionToken:    s.Creds.SessionToken,
		Endpoint:        s.URL,
	}
}
