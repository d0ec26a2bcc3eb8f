package bedrock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

func TestNoCredentialsFailsPerRequest(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	a := provision(t, &Account{Region: "us-east-1", Endpoint: s.URL})

	_, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
	var credErr *CredentialsError
	if !errors.As(err, &credErr) {
		t.Fatalf("error %v (%T), want *CredentialsError", err, err)
	}
	if credErr.Account != "test" {
		t.Errorf("Account = %q", credErr.Account)
	}
	for _, want := range []string{`bedrock account "test": no usable AWS credentials`, "the default chain", "instance roles"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent without credentials", n)
	}

	// A client that gave up is not reported as a credentials problem.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Converse(ctx, "m", false, nil); !errors.Is(err, context.Canceled) || errors.As(err, &credErr) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestCredentialsFromEnvironment(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle("m", fakebedrock.Reply{JSON: `{}`})
	t.Setenv("AWS_ACCESS_KEY_ID", s.Creds.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s.Creds.SecretAccessKey)
	t.Setenv("AWS_REGION", s.Region)
	a := provision(t, &Account{Endpoint: s.URL})
	resp, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// fakeSTS answers AssumeRole and AssumeRoleWithWebIdentity with the
// credentials the fake Bedrock accepts, counting calls.
type fakeSTS struct {
	mu     sync.Mutex
	calls  []map[string]string
	status int    // non-zero: fail with this status
	date   string // non-empty: the Date header, however malformed
	creds  func() (key, secret, token string)
}

func (f *fakeSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	call := map[string]string{}
	for k := range r.PostForm {
		call[k] = r.PostForm.Get(k)
	}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	f.mu.Unlock()

	w.Header().Set("Content-Type", "text/xml")
	if f.date != "" {
		w.Header().Set("Date", f.date)
	}
	if f.status != 0 {
		w.WriteHeader(f.status)
		fmt.Fprint(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed to assume role</Message></Error><RequestId>r</RequestId></ErrorResponse>`)
		return
	}
	action := call["Action"]
	key, secret, token := f.creds()
	fmt.Fprintf(w, `<%[1]sResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><%[1]sResult>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/gw/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>
<Credentials><AccessKeyId>%[2]s</AccessKeyId><SecretAccessKey>%[3]s</SecretAccessKey><SessionToken>%[4]s</SessionToken><Expiration>%[5]s</Expiration></Credentials>
</%[1]sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%[1]sResponse>`,
		action, key, secret, token, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
}

func (f *fakeSTS) Calls() []map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]string(nil), f.calls...)
}

func TestAssumeRole(t *testing.T) {
	const roleARN = "arn:aws:iam::123456789012:role/gateway"
	tests := []struct {
		name        string
		account     func(tokenFile string) *Account
		wantAction  string
		wantSession string
	}{
		{
			name: "static keys then role",
			account: func(string) *Account {
				return &Account{AccessKeyID: "AKIDBASE", SecretAccessKey: "base-secret", RoleARN: roleARN}
			},
			wantAction:  "AssumeRole",
			wantSession: DefaultRoleSessionName,
		},
		{
			name: "web identity",
			account: func(tokenFile string) *Account {
				return &Account{RoleARN: roleARN, WebIdentityTokenFile: tokenFile, RoleSessionName: "pod-1"}
			},
			wantAction:  "AssumeRoleWithWebIdentity",
			wantSession: "pod-1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			s := fakebedrock.New(t)
			s.Creds.AccessKeyID, s.Creds.SecretAccessKey, s.Creds.SessionToken = "ASIAASSUMED", "assumed-secret", "assumed-token"
			s.Handle("m", fakebedrock.Reply{JSON: `{}`})
			sts := &fakeSTS{creds: func() (string, string, string) {
				return s.Creds.AccessKeyID, s.Creds.SecretAccessKey, s.Creds.SessionToken
			}}
			stsServer := httptest.NewServer(sts)
			t.Cleanup(stsServer.Close)
			t.Setenv("AWS_ENDPOINT_URL_STS", stsServer.URL)

			tokenFile := filepath.Join(t.TempDir(), "token")
			if err := os.WriteFile(tokenFile, []byte("oidc-token"), 0o600); err != nil {
				t.Fatal(err)
			}
			acct := tt.account(tokenFile)
			acct.Region, acct.Endpoint = s.Region, s.URL
			a := provision(t, acct)
			if n := len(sts.Calls()); n != 0 {
				t.Fatalf("STS called %d times while provisioning", n)
			}

			for range 3 {
				resp, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			calls := sts.Calls()
			if len(calls) != 1 {
				t.Fatalf("STS called %d times for 3 requests, want 1 (credentials cached)", len(calls))
			}
			c := calls[0]
			if c["Action"] != tt.wantAction || c["RoleArn"] != roleARN || c["RoleSessionName"] != tt.wantSession {
				t.Errorf("STS call %v", c)
			}
			if tt.wantAction == "AssumeRoleWithWebIdentity" && c["WebIdentityToken"] != "oidc-token" {
				t.Errorf("web identity token %q", c["WebIdentityToken"])
			}
			if got := s.Requests()[0].Header.Get("X-Amz-Security-Token"); got != "assumed-token" {
				t.Errorf("X-Amz-Security-Token = %q", got)
			}
		})
	}
}

func TestAssumeRoleFailure(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	stsServer := httptest.NewServer(&fakeSTS{status: 403})
	t.Cleanup(stsServer.Close)
	t.Setenv("AWS_ENDPOINT_URL_STS", stsServer.URL)
	a := provision(t, &Account{
		Region: "us-east-1", Endpoint: s.URL,
		AccessKeyID: "AKIDBASE", SecretAccessKey: "base-secret-value",
		RoleARN: "arn:aws:iam::123456789012:role/gateway",
	})
	_, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
	var credErr *CredentialsError
	if !errors.As(err, &credErr) {
		t.Fatalf("error %v (%T), want *CredentialsError", err, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "assuming role_arn") || !strings.Contains(msg, "AccessDenied") ||
		strings.Contains(msg, "base-secret-value") {
		t.Errorf("error %q", msg)
	}
}

// TestInvalidateCredentials: after InvalidateCredentials the next request
// fetches credentials afresh, the base ones and, with role_arn, the
// assumed ones; until then they stay cached.
func TestInvalidateCredentials(t *testing.T) {
	for _, withRole := range []bool{false, true} {
		name := "default chain"
		if withRole {
			name = "role on top"
		}
		t.Run(name, func(t *testing.T) {
			isolateAWS(t)
			s := fakebedrock.New(t)
			s.Handle("m", fakebedrock.Reply{JSON: `{}`})
			creds := func() (string, string, string) {
				return s.Creds.AccessKeyID, s.Creds.SecretAccessKey, s.Creds.SessionToken
			}
			container, url := newCredsEndpoint(t, creds)
			t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", url+"/container")
			sts := &fakeSTS{creds: creds}
			acct := &Account{Region: s.Region, Endpoint: s.URL}
			if withRole {
				stsServer := httptest.NewServer(sts)
				t.Cleanup(stsServer.Close)
				t.Setenv("AWS_ENDPOINT_URL_STS", stsServer.URL)
				acct.RoleARN = "arn:aws:iam::123456789012:role/gateway"
			}
			a := provision(t, acct)
			converse := func() {
				t.Helper()
				resp, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			fetches := func() (base, assumed int) { return container.Hits("/container"), len(sts.Calls()) }
			wantAssumed := func(n int) int {
				if withRole {
					return n
				}
				return 0
			}

			converse()
			converse()
			if base, assumed := fetches(); base != 1 || assumed != wantAssumed(1) {
				t.Fatalf("fetched base %d, assumed %d times for 2 calls", base, assumed)
			}
			a.InvalidateCredentials()
			converse()
			converse()
			if base, assumed := fetches(); base != 2 || assumed != wantAssumed(2) {
				t.Errorf("after invalidating: fetched base %d, assumed %d times, want 2 and %d", base, assumed, wantAssumed(2))
			}
		})
	}
}

// TestInvalidateCredentialsForgetsFailure: a failed lookup is not given
// out again after InvalidateCredentials; the next request looks at once.
func TestInvalidateCredentialsForgetsFailure(t *testing.T) {
	isolateAWS(t)
	p := &countingProvider{}
	p.failing.Store(true)
	a, _ := withProvider(t, &Account{Region: "us-east-1"}, p)
	credError(t, second(a.credentials(context.Background())))
	a.InvalidateCredentials()
	credError(t, second(a.credentials(context.Background())))
	if n := p.calls.Load(); n != 2 {
		t.Errorf("%d lookups, want 2", n)
	}
	(&Account{}).InvalidateCredentials() // not provisioned: nothing to drop
}

// TestCredentialProcessOutputNotQuoted: the SDK quotes the output of a
// credential_process it cannot parse; that output can hold the secret
// key, and the error's cause is logged.
func TestCredentialProcessOutputNotQuoted(t *testing.T) {
	isolateAWS(t)
	for _, tc := range []struct{ name, output string }{
		{"not json", `{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-s3cr3t",}`},
		{"wrong type", `{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-s3cr3t", "Version": "1"}`},
		{"bad time", `{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-s3cr3t", "Expiration": 7}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			config := "[default]\ncredential_process = printf '" + tc.output + "'\n"
			if err := os.WriteFile(os.Getenv("AWS_CONFIG_FILE"), []byte(config), 0o600); err != nil {
				t.Fatal(err)
			}
			a := provision(t, &Account{Region: "us-east-1", Endpoint: "http://127.0.0.1:1"})
			_, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
			credErr := credError(t, err)
			if msg := credErr.Error(); strings.Contains(msg, "s3cr3t") || !strings.Contains(msg, "credential_process: ") {
				t.Errorf("error %q", msg)
			}
		})
	}
}
