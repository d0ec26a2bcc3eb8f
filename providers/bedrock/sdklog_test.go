package bedrock

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aws/smithy-go/logging"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

func TestSDKLoggerLevels(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	l := sdkLogger{zap.New(core)}
	l.Logf(logging.Warn, "falling back to IMDSv1: %v", errors.New("404"))
	l.Logf(logging.Debug, "profile %q ignored", "old")
	l.Logf("ERROR", "a classification the SDK may add")

	want := []struct {
		level  zapcore.Level
		detail string
	}{
		{zapcore.WarnLevel, "falling back to IMDSv1: 404"},
		{zapcore.DebugLevel, `profile "old" ignored`},
		{zapcore.InfoLevel, "a classification the SDK may add"},
	}
	got := logs.All()
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Level != w.level || got[i].Message != "AWS SDK" || got[i].ContextMap()["detail"] != w.detail {
			t.Errorf("entry %d: %v %q %v, want %v %q", i, got[i].Level, got[i].Message, got[i].ContextMap(), w.level, w.detail)
		}
	}
}

// TestSDKWarningsReachZap: warnings of the SDK's own clients, the instance
// metadata client of the default chain and the STS client of role_arn,
// arrive in the account's logger, and nothing is written to stderr.
func TestSDKWarningsReachZap(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, a *Account)
		warning string
	}{
		{
			name: "instance metadata",
			setup: func(t *testing.T, _ *Account) {
				_, url := newCredsEndpoint(t, nil) // refuses the IMDSv2 token
				t.Setenv("AWS_EC2_METADATA_DISABLED", "false")
				t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url)
			},
			warning: "falling back to IMDSv1",
		},
		{
			name: "sts",
			setup: func(t *testing.T, a *Account) {
				sts := httptest.NewServer(&fakeSTS{date: "not a date", creds: func() (string, string, string) {
					return "ASIAASSUMED", "assumed-secret", "assumed-token"
				}})
				t.Cleanup(sts.Close)
				t.Setenv("AWS_ENDPOINT_URL_STS", sts.URL)
				a.AccessKeyID, a.SecretAccessKey = "AKIDBASE", "base-secret"
				a.RoleARN = "arn:aws:iam::123456789012:role/gateway"
			},
			warning: "failed to parse response Date header value",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolateAWS(t)
			stderr := captureStderr(t)
			s := fakebedrock.New(t)
			core, logs := observer.New(zapcore.DebugLevel)
			a := &Account{Region: s.Region, Endpoint: s.URL}
			tc.setup(t, a)
			if err := a.Provision(context.Background(), "test", nil, zap.New(core)); err != nil {
				t.Fatal(err)
			}
			defer a.Cleanup()
			_, _ = a.Converse(context.Background(), "m", false, []byte(`{}`))

			warned := logs.FilterLevelExact(zapcore.WarnLevel).FilterMessage("AWS SDK").
				FilterField(zap.String("account", "test")).All()
			if len(warned) == 0 || !strings.Contains(warned[0].ContextMap()["detail"].(string), tc.warning) {
				t.Errorf("no %q warning in the zap logger: %v", tc.warning, logs.All())
			}
			if out := stderr(); out != "" {
				t.Errorf("the SDK wrote to stderr: %q", out)
			}
		})
	}
}

// captureStderr sends what is written to os.Stderr, from now until the
// test ends, to a file, and returns a function that reads it.
func captureStderr(t *testing.T) func() string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	orig := os.Stderr
	os.Stderr = f
	t.Cleanup(func() {
		os.Stderr = orig
		f.Close()
	})
	return func() string {
		b, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
}
