package azure

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// clientClock is the account's idea of the time: it stands still until
// advanced, so what a test sees never depends on how fast it runs.
type clientClock struct{ offset atomic.Int64 }

var clockStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func (c *clientClock) now() time.Time           { return clockStart.Add(time.Duration(c.offset.Load())) }
func (c *clientClock) advance(d time.Duration)  { c.offset.Add(int64(d)) }
func useClock(a *OpenAIAccount, c *clientClock) { a.c.entra.now = c.now }

func postOK(t *testing.T, a *OpenAIAccount) {
	t.Helper()
	resp, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
}

// apiRequests are the requests to Azure OpenAI and Azure AI, without
// those of identity flows.
func apiRequests(s *fakeazure.Server) []fakeazure.Request {
	var out []fakeazure.Request
	for _, r := range s.Requests() {
		if r.Kind == fakeazure.KindOpenAI || r.Kind == fakeazure.KindAI {
			out = append(out, r)
		}
	}
	return out
}

// shortLife is a token life under MSAL's 5-minute expiry margin: MSAL
// never answers from its own cache with such tokens, so the gateway's
// clock alone decides when a new one is fetched.
const shortLife = 4 * time.Minute

func TestEntraTokenCached(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	a := provision(t, entraAccount(t, s))
	if n := s.TokenRequests(); n != 0 {
		t.Fatalf("%d token requests while provisioning", n)
	}
	for range 3 {
		postOK(t, a)
	}
	if n := s.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for 3 calls, want 1", n)
	}
	var first string
	for i, r := range apiRequests(s) {
		auth := r.Header.Get("Authorization")
		if !strings.HasPrefix(auth, "Bearer fake-secret-token-") || r.Header.Get("Api-Key") != "" {
			t.Errorf("request %d: Authorization %q api-key %q", i, auth, r.Header.Get("Api-Key"))
		}
		if i == 0 {
			first = auth
		} else if auth != first {
			t.Errorf("request %d used another token", i)
		}
	}
	var tr fakeazure.Request
	for _, r := range s.Requests() {
		if r.Kind == fakeazure.KindToken {
			tr = r
		}
	}
	form, _ := url.ParseQuery(string(tr.Body))
	if tr.Path != "/"+s.TenantID+"/oauth2/v2.0/token" || form.Get("client_secret") != s.ClientSecret ||
		form.Get("client_assertion") != "" {
		t.Errorf("token request %s %v", tr.Path, form)
	}
}

func TestEntraConcurrentFirstUse(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok", Delay: 10 * time.Millisecond})
	a := provision(t, entraAccount(t, s))
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for range 32 {
		wg.Go(func() {
			resp, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false)
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := s.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for 32 concurrent calls, want 1", n)
	}
}

// TestEntraRefreshBeforeExpiry: a token is replaced within the margin
// before it expires (a quarter of a 4-minute life), once, and never per
// request.
func TestEntraRefreshBeforeExpiry(t *testing.T) {
	s := fakeazure.New(t)
	s.TokenLifetime = shortLife
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	a := provision(t, entraAccount(t, s))
	var clock clientClock
	useClock(a, &clock)

	postOK(t, a)
	clock.advance(150 * time.Second) // 90 s left: still outside the margin
	postOK(t, a)
	if n := s.TokenRequests(); n != 1 {
		t.Fatalf("%d token requests before the margin", n)
	}
	clock.advance(60 * time.Second) // 30 s left: refresh
	postOK(t, a)
	postOK(t, a)
	if n := s.TokenRequests(); n != 2 {
		t.Fatalf("%d token requests after the margin, want 2", n)
	}
	reqs := apiRequests(s)
	if reqs[1].Header.Get("Authorization") == reqs[2].Header.Get("Authorization") {
		t.Error("the refreshed token was not used")
	}
}

// TestEntraShortLivedTokens: a token that lives two seconds is refreshed
// in the last quarter of its life, not five minutes ahead (which would be
// at every request), and before it expires.
func TestEntraShortLivedTokens(t *testing.T) {
	s := fakeazure.New(t)
	s.TokenLifetime = 2 * time.Second
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	a := provision(t, entraAccount(t, s))
	var clock clientClock
	useClock(a, &clock)
	postOK(t, a)
	clock.advance(1400 * time.Millisecond) // before the last quarter
	postOK(t, a)
	if n := s.TokenRequests(); n != 1 {
		t.Fatalf("%d token requests before the last quarter, want 1", n)
	}
	clock.advance(200 * time.Millisecond) // inside it, still valid
	postOK(t, a)
	if n := s.TokenRequests(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
	for _, r := range apiRequests(s) {
		if r.Header.Get("Authorization") == "" {
			t.Error("request without a token")
		}
	}
}

// TestEntraRejectedTokenRetried: a token Azure rejects (expired on its
// clock, say) is dropped, and the call is retried once with a new one.
func TestEntraRejectedTokenRetried(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	a := provision(t, entraAccount(t, s))
	postOK(t, a)
	s.Advance(2 * time.Hour)
	postOK(t, a)
	if n := s.TokenRequests(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
	reqs := apiRequests(s)
	if len(reqs) != 3 {
		t.Fatalf("%d API requests, want 3 (the 401 and its retry)", len(reqs))
	}
	if reqs[1].Header.Get("Authorization") == reqs[2].Header.Get("Authorization") {
		t.Error("the retry carried the rejected token")
	}

	// A deployment that always answers 401 gets one retry, not more.
	s.HandleDeployment("denied", fakeazure.Reply{Status: 401, Body: `{"error":{"code":"401","message":"denied"}}`})
	_, err := a.Post(context.Background(), "denied", OpChat, []byte(chatBody), false)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 {
		t.Fatalf("error %v", err)
	}
	if n := len(apiRequests(s)); n != 5 {
		t.Errorf("%d API requests, want 5", n)
	}
	if n := s.TokenRequests(); n != 3 {
		t.Errorf("%d token requests, want 3", n)
	}
}

// TestEntraInvalidateOnlyDropsTheRejectedToken: a 401 that comes back for
// a token already replaced (requests in flight when the first 401 came)
// leaves the replacement alone, so a burst of 401s costs one new token.
func TestEntraInvalidateOnlyDropsTheRejectedToken(t *testing.T) {
	s := fakeazure.New(t)
	e := provision(t, entraAccount(t, s)).c.entra
	ctx := context.Background()
	old, err := e.token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.invalidate(old)
	fresh, err := e.token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.invalidate(old)
	if got, err := e.token(ctx); err != nil || got != fresh {
		t.Errorf("after a late 401 to the old token: %v, want the fresh token kept", err)
	}
	if n := s.TokenRequests(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestEntraTokenFailure(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	acct := entraAccount(t, s)
	acct.ClientSecret = "wrong-secret-0123456789"
	a := provision(t, acct)
	_, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false)
	var credErr *CredentialsError
	if !errors.As(err, &credErr) || credErr.Account != "test" {
		t.Fatalf("error %v (%T)", err, err)
	}
	msg := err.Error()
	for _, want := range []string{`azure account "test"`, "HTTP 401 invalid_client", "AADSTS7000215: Invalid client secret provided"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "wrong-secret") || strings.Contains(msg, "Trace ID") {
		t.Errorf("error %q", msg)
	}
	if n := len(apiRequests(s)); n != 0 {
		t.Errorf("%d API requests without a token", n)
	}
}

// TestEntraTokenEndpointFailures: what a token endpoint answers never
// brings the client secret, or any part of it, into the error.
func TestEntraTokenEndpointFailures(t *testing.T) {
	const secret = "s3cr3t-value-0123456789abcdef"
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"secret where the text is cut", 400,
			`{"error":"invalid_client","error_description":"` + strings.Repeat("x", 290) + secret + ` was wrong"}`,
			"HTTP 400 invalid_client: xxx"},
		{"secret as the error code", 400, `{"error":"` + secret + `"}`, "HTTP 400 " + redacted},
		{"no access token", 200, `{"token_type":"Bearer","expires_in":3600}`, "access_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fakeazure.New(t)
			acct := entraAccount(t, s)
			acct.ClientSecret = secret
			a := provision(t, acct)
			s.ScriptTokens(tc.status, tc.body)
			_, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false)
			var credErr *CredentialsError
			if !errors.As(err, &credErr) {
				t.Fatalf("error %v (%T)", err, err)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, secret[:8]) || len(msg) > 1200 {
				t.Errorf("error %q, want it to contain %q and no part of the secret", msg, tc.want)
			}
		})
	}
}

// TestEntraRefreshFailureKeepsValidToken: when the token endpoint fails
// during the margin, calls go on with the token that is still valid.
func TestEntraRefreshFailureKeepsValidToken(t *testing.T) {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	logger, logs := observed()
	s.TokenLifetime = shortLife
	a := entraAccount(t, s)
	if err := a.Provision(context.Background(), "test", nil, logger); err != nil {
		t.Fatal(err)
	}
	defer a.Cleanup()
	var clock clientClock
	useClock(a, &clock)
	postOK(t, a)
	s.FailTokens(http.StatusServiceUnavailable)
	clock.advance(210 * time.Second)
	postOK(t, a)
	if logs.FilterMessageSnippet("could not refresh the Entra token").Len() != 1 {
		t.Errorf("no warning logged: %v", logs.All())
	}
	clock.advance(time.Minute) // now expired
	_, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false)
	var credErr *CredentialsError
	if !errors.As(err, &credErr) || !strings.Contains(err.Error(), "temporarily_unavailable") {
		t.Errorf("after expiry: %v", err)
	}
	checkNoSecrets(t, logs, s.ClientSecret)
}

func TestEntraWaitCanceled(t *testing.T) {
	s := fakeazure.New(t)
	a := provision(t, entraAccount(t, s))
	a.c.entra.refresh <- struct{}{} // a refresh in progress elsewhere
	defer func() { <-a.c.entra.refresh }()
	ctx, cancel := context.WithDeadline(context.Background(), clockStart) // long past
	defer cancel()
	_, err := a.Post(ctx, "gpt-4o", OpChat, []byte(chatBody), false)
	var credErr *CredentialsError
	if !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &credErr) {
		t.Errorf("error %v", err)
	}
}

func TestTokenLife(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		name      string
		expiresOn time.Time
		want      time.Duration
	}{
		{"an hour", now.Add(time.Hour), time.Hour},
		{"unset", time.Time{}, defaultTokenLife},
		{"in the past", now.Add(-time.Second), defaultTokenLife},
		{"now", now, defaultTokenLife},
		{"far away", now.Add(1000 * 24 * time.Hour), maxTokenLife},
		{"beyond a Duration", now.AddDate(400, 0, 0), maxTokenLife},
	} {
		if got := tokenLife(tc.expiresOn, now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestEntraFailureRemembered: while there is no valid token, a failed
// token request is remembered for failureTTL: the requests in that time
// fail at once, without asking the token endpoint again.
func TestEntraFailureRemembered(t *testing.T) {
	s := fakeazure.New(t)
	acct := entraAccount(t, s)
	acct.ClientSecret = "wrong-secret-0123456789"
	a := provision(t, acct)
	var clock clientClock
	useClock(a, &clock)
	post := func() error {
		_, err := a.Post(context.Background(), "gpt-4o", OpChat, []byte(chatBody), false)
		return err
	}
	first := post()
	clock.advance(failureTTL - time.Second)
	if err := post(); err == nil || err.Error() != first.Error() {
		t.Errorf("within the window: %v, want %v", err, first)
	}
	if n := s.TokenRequests(); n != 1 {
		t.Errorf("%d token requests within the window, want 1", n)
	}
	clock.advance(2 * time.Second)
	_ = post()
	if n := s.TokenRequests(); n != 2 {
		t.Errorf("%d token requests after the window, want 2", n)
	}
}
