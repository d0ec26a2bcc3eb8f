package bedrock

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"go.uber.org/zap"
	"golang.org/x/net/http/httpguts"
)

// DefaultRoleSessionName is the STS session name used when assuming
// role_arn without role_session_name.
const DefaultRoleSessionName = "caddy-llm-gateway"

// EnvBearerToken holds an Amazon Bedrock API key, as the AWS SDKs read it.
const EnvBearerToken = "AWS_BEARER_TOKEN_BEDROCK"

// What was tried, for CredentialsError; it names sources, never values.
const (
	triedStatic = "static keys"
	triedChain  = "the default chain: environment, shared config and profile, SSO, web identity, container and instance roles"
)

// loadCredentials resolves the region and builds the credential provider.
// The SDK loads providers lazily, so this succeeds with no credentials
// anywhere; Retrieve reports the failure per request.
func (a *Account) loadCredentials(ctx context.Context, resolve func(string) string) error {
	region := resolve(a.Region)
	keyID, secret, token := resolve(a.AccessKeyID), resolve(a.SecretAccessKey), resolve(a.SessionToken)
	profile, roleARN := resolve(a.Profile), resolve(a.RoleARN)
	sessionName, tokenFile := resolve(a.RoleSessionName), resolve(a.WebIdentityTokenFile)
	apiKey := resolve(a.APIKey)

	switch {
	case apiKey != "" && (keyID != "" || roleARN != "" || profile != ""):
		return fmt.Errorf("bedrock account %q: api_key cannot be combined with access keys, role_arn or profile", a.name)
	case (keyID == "") != (secret == ""):
		return fmt.Errorf("bedrock account %q: access_key_id and secret_access_key must be set together", a.name)
	case token != "" && keyID == "":
		return fmt.Errorf("bedrock account %q: session_token requires access_key_id and secret_access_key", a.name)
	case tokenFile != "" && roleARN == "":
		return fmt.Errorf("bedrock account %q: web_identity_token_file requires role_arn", a.name)
	}

	// Everything the SDK logs, from its own clients too (IMDS, SSO, STS
	// below: they are built from cfg), goes to the account's logger.
	opts := []func(*config.LoadOptions) error{
		config.WithLogger(sdkLogger{a.logger.With(zap.String("account", a.name))}),
	}
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	a.credsSource = triedChain
	if keyID != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(keyID, secret, token)))
		a.credsSource = triedStatic
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return fmt.Errorf("bedrock account %q: loading AWS config: %w", a.name, err)
	}
	if cfg.Region == "" {
		return fmt.Errorf("bedrock account %q: no region: set region", a.name)
	}
	if !validRegion(cfg.Region) {
		return fmt.Errorf("bedrock account %q: invalid region %q", a.name, cfg.Region)
	}
	a.region = cfg.Region
	a.creds = cfg.Credentials
	a.failures = newFailureCache()
	if apiKey == "" && keyID == "" && roleARN == "" && profile == "" {
		apiKey = os.Getenv(EnvBearerToken)
		if apiKey != "" {
			a.credsSource = EnvBearerToken
		}
	} else if apiKey != "" {
		a.credsSource = "api_key"
	}
	if apiKey != "" {
		if !httpguts.ValidHeaderFieldValue(apiKey) {
			return fmt.Errorf("bedrock account %q: the API key has characters a header cannot carry", a.name)
		}
		a.bearer = []string{"Bearer " + apiKey}
		return nil
	}

	if roleARN == "" {
		return nil
	}
	if sessionName == "" {
		sessionName = DefaultRoleSessionName
	}
	// The STS client signs AssumeRole with the base credentials above.
	stsClient := sts.NewFromConfig(cfg)
	var p aws.CredentialsProvider
	if tokenFile != "" {
		p = stscreds.NewWebIdentityRoleProvider(stsClient, roleARN, stscreds.IdentityTokenFile(tokenFile),
			func(o *stscreds.WebIdentityRoleOptions) { o.RoleSessionName = sessionName })
		a.credsSource = "web_identity_token_file, then assuming role_arn"
	} else {
		p = stscreds.NewAssumeRoleProvider(stsClient, roleARN,
			func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = sessionName })
		a.credsSource += ", then assuming role_arn"
	}
	a.baseCreds, a.creds = a.creds, aws.NewCredentialsCache(p)
	return nil
}

// validRegion keeps the region usable as a DNS label in the default host.
func validRegion(r string) bool {
	for i := 0; i < len(r); i++ {
		c := r[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return r != ""
}

// credentials returns the current credentials. The provider is a
// CredentialsCache, so this is a cheap read until they near expiry; a
// failed lookup is given out again for CredentialsRetryDelay.
func (a *Account) credentials(ctx context.Context) (aws.Credentials, error) {
	if a.creds == nil || a.failures == nil {
		return aws.Credentials{}, &CredentialsError{Account: a.name, Err: errors.New("no credential provider"), tried: a.credsSource}
	}
	// A client that went away is not a credentials problem, cached or not.
	if ctxErr := ctx.Err(); ctxErr != nil {
		return aws.Credentials{}, fmt.Errorf("bedrock account %q: %w", a.name, ctxErr)
	}
	cached, retry := a.failures.begin()
	if cached != nil {
		return aws.Credentials{}, cached
	}
	c, err := a.retrieve(ctx)
	a.failures.end(err, retry)
	return c, err
}

// retrieve asks the provider, which walks the chain only when it holds
// no valid credentials.
func (a *Account) retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := a.creds.Retrieve(ctx)
	if err != nil {
		// A client that went away is not a credentials problem.
		if ctxErr := ctx.Err(); ctxErr != nil {
			return aws.Credentials{}, fmt.Errorf("bedrock account %q: %w", a.name, ctxErr)
		}
		return aws.Credentials{}, &CredentialsError{Account: a.name, Err: withoutKeys(err), tried: a.credsSource}
	}
	if !c.HasKeys() {
		return aws.Credentials{}, &CredentialsError{Account: a.name, Err: errors.New("credential source returned no keys"), tried: a.credsSource}
	}
	return c, nil
}

// withoutKeys returns err, unless it comes from a credential_process:
// the SDK quotes the whole output of a process it cannot parse, keys and
// all, and the cause of a CredentialsError goes to the log. Of such an
// error only the innermost cause is kept (the JSON error, the exit
// status), which quotes no output.
func withoutKeys(err error) error {
	var proc *processcreds.ProviderError
	if !errors.As(err, &proc) {
		return err
	}
	cause := proc.Err
	if inner := errors.Unwrap(cause); inner != nil {
		cause = inner
	}
	return fmt.Errorf("credential_process: %v", cause)
}

// InvalidateCredentials makes the next request fetch credentials afresh,
// for a caller whose request Bedrock refused with credentials the SDK
// still held valid (ExpiredTokenException, UnrecognizedClientException:
// revoked or rotated early). With role_arn both the assumed and the base
// credentials are dropped. A cached failed lookup is forgotten too, so the
// next request tries at once. Safe for concurrent use.
func (a *Account) InvalidateCredentials() {
	for _, p := range []aws.CredentialsProvider{a.creds, a.baseCreds} {
		// The SDK's *aws.CredentialsCache; LoadDefaultConfig wraps every
		// provider it resolves in one.
		if c, ok := p.(interface{ Invalidate() }); ok {
			c.Invalidate()
		}
	}
	if a.failures != nil {
		a.failures.clear()
	}
}

// CredentialsError means no usable AWS credentials could be had for an
// account. Its text names the sources tried, never any key material.
type CredentialsError struct {
	Account string
	Err     error

	tried string
}

func (e *CredentialsError) Error() string {
	return e.Summary() + ": " + e.Err.Error()
}

// Summary is the error without the underlying cause, for clients: the
// cause can name ARNs, account IDs or file paths of the gateway host.
func (e *CredentialsError) Summary() string {
	tried := e.tried
	if tried == "" {
		tried = triedChain
	}
	return fmt.Sprintf("bedrock account %q: no usable AWS credentials (tried %s)", e.Account, tried)
}

func (e *CredentialsError) Unwrap() error { return e.Err }
