package azure

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
)

// Scope is the Azure AI services (Cognitive Services) audience, for Azure
// OpenAI and Azure AI Foundry alike.
const Scope = "https://cognitiveservices.azure.com/.default"

const (
	// maxRefreshMargin is how long before expiry a token is replaced:
	// Entra tokens live 60 to 90 minutes, so this is a small part of
	// their life and leaves room for a slow token endpoint. It must not
	// exceed MSAL's own 5 minutes: when the gateway asks azidentity for a
	// new token, MSAL's cache must no longer hand back the old one.
	maxRefreshMargin = 5 * time.Minute
	// defaultTokenLife is assumed for a token that comes without expiry.
	defaultTokenLife = 10 * time.Minute
	// maxTokenLife bounds what a source may claim: Entra tokens live a
	// day at most, and a huge life would overflow a time.Duration.
	maxTokenLife = 24 * time.Hour
	// failureTTL is how long a failed token request is remembered while
	// there is no valid token, so that a missing identity does not cost
	// every request a walk of the credential chain (an IMDS probe, an az
	// process) or the token endpoint a request.
	failureTTL = 10 * time.Second
	// tokenTimeout bounds one token request, whose answer is small and
	// quick; a hung endpoint or az process must not hold requests.
	tokenTimeout = 30 * time.Second
)

// entraSource caches the current token of one account's credential. The
// credential (azidentity's) gets tokens; the cache decides when. Requests
// read the cache without locking; one caller at a time refreshes it, from
// maxRefreshMargin (or a quarter of the token's life, if shorter, or the
// source's refresh hint, if earlier) before it expires. While a refresh
// runs, the others keep using the current token; only when none is valid
// do they wait.
type entraSource struct {
	account, kind string
	flow          flow
	opts          azcore.ClientOptions
	cred          azcore.TokenCredential // used under the refresh slot
	secrets       []string               // to keep out of error texts
	logger        *zap.Logger
	now           func() time.Time

	cur     atomic.Pointer[entraToken]
	failed  atomic.Pointer[tokenFailure]
	stale   atomic.Bool   // Azure refused a token of cred: build another
	refresh chan struct{} // a one-slot lock that a waiter can give up on
}

// entraToken is a token and when to stop using it.
type entraToken struct {
	value     string
	header    []string // the Authorization value, shared read-only
	refreshAt time.Time
	expiresAt time.Time
}

// tokenFailure is a failed token request, remembered until a time.
type tokenFailure struct {
	err   error
	until time.Time
}

func newEntraSource(account, kind string, f flow, opts azcore.ClientOptions, secrets []string, logger *zap.Logger) (*entraSource, error) {
	cred, err := f.build(opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", f.name, err)
	}
	return &entraSource{
		account: account,
		kind:    kind,
		flow:    f,
		opts:    opts,
		cred:    cred,
		secrets: secrets,
		logger:  logger,
		now:     clock.Now,
		refresh: make(chan struct{}, 1),
	}, nil
}

// token returns a token that is valid now.
func (e *entraSource) token(ctx context.Context) (*entraToken, error) {
	cur := e.cur.Load()
	now := e.now()
	if cur != nil && now.Before(cur.refreshAt) {
		return cur, nil
	}
	usable := cur != nil && now.Before(cur.expiresAt)
	if !usable {
		if f := e.failed.Load(); f != nil && now.Before(f.until) {
			return nil, f.err
		}
	}
	if usable {
		select {
		case e.refresh <- struct{}{}:
		default:
			return cur, nil // someone else is refreshing it
		}
	} else {
		select {
		case e.refresh <- struct{}{}:
		case <-ctx.Done():
			return nil, fmt.Errorf("%s account %q: waiting for an Entra token: %w", e.kind, e.account, ctx.Err())
		}
	}
	defer func() { <-e.refresh }()

	// The token may have been replaced while this caller waited.
	if t := e.cur.Load(); t != nil && e.now().Before(t.refreshAt) {
		return t, nil
	}
	t, err := e.fetch(ctx)
	if err != nil {
		if usable {
			e.logger.Warn("could not refresh the Entra token; using the current one until it expires",
				zap.String("account", e.account), zap.Error(err))
			return cur, nil
		}
		return nil, err
	}
	e.cur.Store(t)
	return t, nil
}

// invalidate drops t if it is still the current token, after Azure
// rejected it, and has the next fetch use a new credential: azidentity
// caches tokens too, and would hand t back.
func (e *entraSource) invalidate(t *entraToken) {
	if e.cur.CompareAndSwap(t, nil) {
		e.stale.Store(true)
	}
}

// replace drops rejected, which Azure refused, and returns a different
// token, or nil when the source hands back the same one: a managed
// identity endpoint and the Azure CLI answer from caches of their own
// that no client can clear, and resending a refused token is pointless.
func (e *entraSource) replace(ctx context.Context, rejected *entraToken) (*entraToken, error) {
	e.invalidate(rejected)
	t, err := e.token(ctx)
	if err != nil || t.value == rejected.value {
		return nil, err
	}
	return t, nil
}

// fetch asks the credential for a new token. It runs under the refresh
// slot.
func (e *entraSource) fetch(ctx context.Context) (*entraToken, error) {
	if e.stale.Swap(false) {
		cred, err := e.flow.build(e.opts)
		if err != nil {
			return nil, &CredentialsError{Account: e.account, Kind: e.kind, Err: describe(err, e.secrets),
				summary: ": could not set up " + e.flow.what}
		}
		e.cred = cred
	}
	tctx, cancel := context.WithTimeout(ctx, tokenTimeout)
	defer cancel()
	at, err := e.cred.GetToken(tctx, policy.TokenRequestOptions{Scopes: []string{Scope}})
	if err == nil && at.Token == "" {
		err = errors.New("the credential returned an empty token")
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("%s account %q: getting an Entra token: %w", e.kind, e.account, ctxErr)
		}
		ce := &CredentialsError{Account: e.account, Kind: e.kind, Err: describe(err, e.secrets),
			summary: ": could not get a Microsoft Entra ID token with " + e.flow.what}
		e.failed.Store(&tokenFailure{err: ce, until: e.now().Add(failureTTL)})
		return nil, ce
	}
	e.failed.Store(nil)
	issued, real := e.now(), time.Now()
	life := tokenLife(at.ExpiresOn, real)
	margin := min(maxRefreshMargin, life/4)
	refreshIn := life - margin
	if hint := at.RefreshOn.Sub(real); !at.RefreshOn.IsZero() && hint > 0 && hint < refreshIn {
		refreshIn = hint
	}
	e.logger.Debug("got an Entra token", zap.String("account", e.account),
		zap.String("flow", e.flow.name), zap.Duration("expires_in", life))
	return &entraToken{
		value:     at.Token,
		header:    []string{"Bearer " + at.Token},
		refreshAt: issued.Add(refreshIn),
		expiresAt: issued.Add(life),
	}, nil
}

// tokenLife is how long a token expiring at expiresOn lives from now:
// defaultTokenLife if expiresOn is unset or past, never over maxTokenLife.
// The life, not the instant, is kept, so that tests can run the gateway
// on a clock of their own.
func tokenLife(expiresOn, now time.Time) time.Duration {
	if expiresOn.IsZero() || !expiresOn.After(now) {
		return defaultTokenLife
	}
	return min(expiresOn.Sub(now), maxTokenLife)
}
