package bedrock

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// countingProvider counts Retrieve calls. It fails while failing is set,
// else hands out creds; the call numbered blockOn waits for release, and
// every call runs during, if set.
type countingProvider struct {
	creds   aws.Credentials
	failing atomic.Bool
	calls   atomic.Int32
	blockOn int32
	entered chan struct{}
	release chan struct{}
	during  func()
}

func (p *countingProvider) Retrieve(context.Context) (aws.Credentials, error) {
	if n := p.calls.Add(1); n == p.blockOn {
		p.entered <- struct{}{}
		<-p.release
	}
	if p.during != nil {
		p.during()
	}
	if p.failing.Load() {
		return aws.Credentials{}, errors.New("no credentials here")
	}
	return p.creds, nil
}

// testClock stands still until advanced.
type testClock struct{ ns atomic.Int64 }

func (c *testClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *testClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// withProvider provisions acct, then gives it p as its credential source
// and c as its clock.
func withProvider(t *testing.T, acct *Account, p aws.CredentialsProvider) (*Account, *testClock) {
	t.Helper()
	a := provision(t, acct)
	a.creds = p
	c := &testClock{}
	c.advance(time.Hour)
	a.failures.now = c.now
	return a, c
}

func credError(t *testing.T, err error) *CredentialsError {
	t.Helper()
	var credErr *CredentialsError
	if !errors.As(err, &credErr) {
		t.Fatalf("error %v (%T), want *CredentialsError", err, err)
	}
	return credErr
}

// TestCredentialsFailureCached: a failed lookup is given out again, without
// asking the provider, for CredentialsRetryDelay; then the next request
// asks again. Successes are not cached here.
func TestCredentialsFailureCached(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Handle("m", fakebedrock.Reply{JSON: `{}`})
	p := &countingProvider{creds: s.Creds}
	p.failing.Store(true)
	a, clock := withProvider(t, &Account{Region: s.Region, Endpoint: s.URL}, p)
	call := func() error {
		resp, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
		if err == nil {
			resp.Body.Close()
		}
		return err
	}

	first := credError(t, call())
	clock.advance(CredentialsRetryDelay - time.Nanosecond)
	for range 3 {
		if got := credError(t, call()); got != first {
			t.Errorf("within the window: %v, want the first error itself", got)
		}
	}
	if n := p.calls.Load(); n != 1 {
		t.Fatalf("%d lookups within the window, want 1", n)
	}
	clock.advance(time.Nanosecond)
	if got := credError(t, call()); got == first {
		t.Error("after the window: the old error, want a new lookup's")
	}
	if n := p.calls.Load(); n != 2 {
		t.Fatalf("%d lookups after the window, want 2", n)
	}

	// Credentials that appear are used at the next try, and every request
	// after that asks the provider (in production the SDK's cache).
	p.failing.Store(false)
	clock.advance(CredentialsRetryDelay)
	for range 2 {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	if n := p.calls.Load(); n != 4 {
		t.Errorf("%d lookups, want 4: successes are not cached here", n)
	}
	if n := len(s.Requests()); n != 2 {
		t.Errorf("%d requests reached Bedrock, want the 2 with credentials", n)
	}
}

// TestCredentialsLookupCanceledNotCached: a caller that went away during
// its lookup learnt nothing about the credentials; the next one asks again.
func TestCredentialsLookupCanceledNotCached(t *testing.T) {
	isolateAWS(t)
	ctx, cancel := context.WithCancel(context.Background())
	p := &countingProvider{during: cancel}
	p.failing.Store(true)
	a, _ := withProvider(t, &Account{Region: "us-east-1"}, p)
	if _, err := a.credentials(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: %v", err)
	}
	p.during = nil
	credError(t, second(a.credentials(context.Background())))
	if n := p.calls.Load(); n != 2 {
		t.Errorf("%d lookups, want 2", n)
	}
}

// TestCredentialsRetryOneCallerAtATime: after the window one caller looks
// again; callers meanwhile get the cached error at once, without a lookup.
func TestCredentialsRetryOneCallerAtATime(t *testing.T) {
	isolateAWS(t)
	p := &countingProvider{blockOn: 2, entered: make(chan struct{}), release: make(chan struct{})}
	p.failing.Store(true)
	a, clock := withProvider(t, &Account{Region: "us-east-1"}, p)
	first := credError(t, second(a.credentials(context.Background())))
	clock.advance(CredentialsRetryDelay)

	retried := make(chan error, 1)
	go func() { retried <- second(a.credentials(context.Background())) }()
	<-p.entered // the retry is under way, and waits

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var got *CredentialsError
			if err := second(a.credentials(context.Background())); !errors.As(err, &got) || got != first {
				t.Errorf("during the retry: %v, want the cached error", err)
			}
		})
	}
	wg.Wait()
	if n := p.calls.Load(); n != 2 {
		t.Errorf("%d lookups, want 2: callers during a retry must not look too", n)
	}
	close(p.release)
	latest := credError(t, <-retried)
	if got := credError(t, second(a.credentials(context.Background()))); got != latest || p.calls.Load() != 2 {
		t.Errorf("after the retry: %v, %d lookups; want the retry's error, cached", got, p.calls.Load())
	}
}

// TestCredentialsWithoutKeys: a source that answers with empty keys is a
// failed lookup like any other, kept for the window.
func TestCredentialsWithoutKeys(t *testing.T) {
	isolateAWS(t)
	p := &countingProvider{creds: aws.Credentials{Source: "empty"}}
	a, _ := withProvider(t, &Account{Region: "us-east-1"}, p)
	for range 2 {
		if err := credError(t, second(a.credentials(context.Background()))); !strings.Contains(err.Error(), "returned no keys") {
			t.Errorf("error %v", err)
		}
	}
	if n := p.calls.Load(); n != 1 {
		t.Errorf("%d lookups, want 1", n)
	}
}

// TestCredentialsNoIMDSProbePerRequest: with no credentials anywhere and an
// instance metadata service that answers, requests within the window do
// not probe it again.
func TestCredentialsNoIMDSProbePerRequest(t *testing.T) {
	isolateAWS(t)
	imds, url := newCredsEndpoint(t, nil)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "false")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url)
	s := fakebedrock.New(t)
	a := provision(t, &Account{Region: s.Region, Endpoint: s.URL})
	clock := &testClock{}
	a.failures.now = clock.now

	converse := func() {
		t.Helper()
		_, err := a.Converse(context.Background(), "m", false, []byte(`{}`))
		credError(t, err)
	}
	converse()
	probes := imds.IMDSHits()
	if probes == 0 {
		t.Fatal("the metadata service was never asked")
	}
	for range 3 {
		converse()
	}
	if n := imds.IMDSHits(); n != probes {
		t.Errorf("%d metadata requests after 4 calls, want the first call's %d", n, probes)
	}
	clock.advance(CredentialsRetryDelay)
	converse()
	if n := imds.IMDSHits(); n <= probes {
		t.Errorf("no new metadata request after the window (%d)", n)
	}
}

// second is the error of a two-value call.
func second[T any](_ T, err error) error { return err }
