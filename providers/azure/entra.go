package azure

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
)

// Microsoft Entra ID: the OAuth 2.0 client-credentials flow of the v2.0
// token endpoint, for the Azure AI services audience.
const (
	// DefaultAuthorityHost is the public cloud's Entra authority.
	DefaultAuthorityHost = "https://login.microsoftonline.com"
	// EnvAuthorityHost overrides it, as in Azure's SDKs: sovereign clouds
	// (https://login.microsoftonline.us, https://login.chinacloudapi.cn)
	// and tests.
	EnvAuthorityHost = "AZURE_AUTHORITY_HOST"
	// Scope is the Azure AI services (Cognitive Services) audience.
	Scope = "https://cognitiveservices.azure.com/.default"
)

const (
	// maxRefreshMargin is how long before expiry a token is replaced:
	// Entra tokens live 60 to 90 minutes, so this is a small part of
	// their life and leaves room for a slow token endpoint.
	maxRefreshMargin = 5 * time.Minute
	// defaultTokenLife is assumed for a token sent without expires_in.
	defaultTokenLife = 10 * time.Minute
	// maxTokenLife bounds what a token endpoint may claim: Entra tokens
	// live a day at most, and a huge expires_in would overflow a
	// time.Duration into a negative life, refreshing at every request.
	maxTokenLife = 24 * time.Hour
	// maxDescribed bounds the text kept of a token-endpoint failure.
	maxDescribed = 400
)

// entraSource gets tokens with the client-credentials flow and caches the
// current one. Requests read it without locking; one caller at a time
// refreshes it, from maxRefreshMargin (or a quarter of the token's life,
// if shorter) before it expires. While a refresh runs, the others keep
// using the current token; only when none is valid do they wait.
type entraSource struct {
	account string
	cfg     clientcredentials.Config
	client  *http.Client // for the token endpoint
	secret  string       // to keep out of error texts
	logger  *zap.Logger
	now     func() time.Time

	cur     atomic.Pointer[entraToken]
	refresh chan struct{} // a one-slot lock that a waiter can give up on
}

// entraToken is a token and when to stop using it.
type entraToken struct {
	value     string
	header    []string // the Authorization value, shared read-only
	refreshAt time.Time
	expiresAt time.Time
}

func newEntraSource(account, tenant, clientID, secret string, transport http.RoundTripper, logger *zap.Logger) (*entraSource, error) {
	authority := strings.TrimRight(os.Getenv(EnvAuthorityHost), "/")
	if authority == "" {
		authority = DefaultAuthorityHost
	}
	if base, prefix, _, err := parseEndpoint(authority); err != nil {
		return nil, fmt.Errorf("%s: %v", EnvAuthorityHost, err)
	} else {
		authority = base + prefix
	}
	return &entraSource{
		account: account,
		cfg: clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: secret,
			TokenURL:     authority + "/" + tenant + "/oauth2/v2.0/token",
			Scopes:       []string{Scope},
			// Entra takes the secret in the form (client_secret_post),
			// which is what its documentation shows.
			AuthStyle: oauth2.AuthStyleInParams,
		},
		client: &http.Client{
			Transport:     transport,
			Timeout:       tokenTimeout,
			CheckRedirect: upstream.NoRedirects,
		},
		secret:  secret,
		logger:  logger,
		now:     time.Now,
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
			return nil, fmt.Errorf("azure account %q: waiting for an Entra token: %w", e.account, ctx.Err())
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
// rejected it.
func (e *entraSource) invalidate(t *entraToken) { e.cur.CompareAndSwap(t, nil) }

// fetch asks the token endpoint for a new token.
func (e *entraSource) fetch(ctx context.Context) (*entraToken, error) {
	issued, start := e.now(), time.Now()
	tok, err := e.cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, e.client))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("azure account %q: getting an Entra token: %w", e.account, ctxErr)
		}
		return nil, &CredentialsError{Account: e.account, Err: e.describe(err)}
	}
	if tok.AccessToken == "" {
		return nil, &CredentialsError{Account: e.account, Err: errors.New("the token endpoint answered without an access_token")}
	}
	life := tokenLife(tok, start)
	margin := min(maxRefreshMargin, life/4)
	t := &entraToken{
		value:     tok.AccessToken,
		header:    []string{"Bearer " + tok.AccessToken},
		refreshAt: issued.Add(life - margin),
		expiresAt: issued.Add(life),
	}
	e.logger.Debug("got an Entra token", zap.String("account", e.account), zap.Duration("expires_in", life))
	return t, nil
}

// tokenLife is how long tok lives from when it was asked for: expires_in
// as Entra sent it (clientcredentials does not copy it into ExpiresIn),
// else what Expiry says, else defaultTokenLife; never over maxTokenLife.
func tokenLife(tok *oauth2.Token, start time.Time) time.Duration {
	var secs float64
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		secs = v
	case string: // some endpoints send it as a string
		secs, _ = strconv.ParseFloat(v, 64)
	}
	switch {
	case secs > 0:
		return time.Duration(min(secs, maxTokenLife.Seconds()) * float64(time.Second))
	case !tok.Expiry.IsZero() && tok.Expiry.After(start):
		return min(tok.Expiry.Sub(start), maxTokenLife)
	}
	return defaultTokenLife
}

// describe turns a token-endpoint failure into text with no secret in it:
// the status, Entra's error code, and the first line of its description
// (AADSTS7000215: Invalid client secret provided...). The secret is
// removed before the text is cut short, so no part of it can remain.
func (e *entraSource) describe(err error) error {
	var msg string
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		msg = "the token endpoint answered"
		if re.Response != nil {
			msg += " HTTP " + strconv.Itoa(re.Response.StatusCode)
		}
		if re.ErrorCode != "" {
			msg += " " + re.ErrorCode
		}
		if d, _, _ := strings.Cut(re.ErrorDescription, "\n"); d != "" {
			msg += ": " + d
		}
	} else {
		msg = err.Error()
	}
	if e.secret != "" {
		msg = strings.ReplaceAll(msg, e.secret, redacted)
	}
	return errors.New(oneLine([]byte(msg), maxDescribed))
}

// CredentialsError means an account has no usable credentials: one
// configured as a placeholder resolved to nothing, or no Entra token could
// be had. Its text names the account, the field or what Entra said, never
// a secret.
type CredentialsError struct {
	Account string
	// Kind is KindOpenAI or KindAI; empty means KindOpenAI.
	Kind string
	Err  error

	field string // the credential field that resolved to nothing
}

func (e *CredentialsError) Error() string {
	return e.Summary() + ": " + e.Err.Error()
}

// Summary is the error without its cause, for clients.
func (e *CredentialsError) Summary() string {
	kind := e.Kind
	if kind == "" {
		kind = KindOpenAI
	}
	if errors.Is(e.Err, errNoCredentials) {
		return fmt.Sprintf("%s account %q has no credentials: its %s resolved to nothing", kind, e.Account, e.field)
	}
	return fmt.Sprintf("%s account %q: could not get a Microsoft Entra ID token with tenant_id, client_id and client_secret", kind, e.Account)
}

// errNoCredentials marks credentials configured as placeholders that
// resolved to nothing.
var errNoCredentials = errors.New("credentials resolved to nothing")

func (e *CredentialsError) Unwrap() error { return e.Err }
