// Package bedrock calls the Amazon Bedrock runtime Converse API for one AWS
// account and region: it resolves credentials, builds and signs requests,
// and maps error replies.
package bedrock

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
)

// Account is one AWS account and region the gateway calls Bedrock with.
// Every string field, and every header value, may use placeholders such as
// {env.AWS_SECRET_ACCESS_KEY}; they are resolved when the account is
// provisioned.
//
// Credentials are looked up when a request needs them and cached by the
// AWS SDK. A lookup that fails is not repeated for CredentialsRetryDelay
// (10 s): requests in that time get the same *CredentialsError at once.
// What the SDK logs goes to the account's logger.
type Account struct {
	// The AWS region to call Bedrock in, e.g. "us-east-1". If unset, the
	// region comes from the environment (AWS_REGION, AWS_DEFAULT_REGION) or
	// the shared AWS config file; provisioning fails if there is none.
	Region string `json:"region,omitempty"`

	// A static access key ID. Set it together with secret_access_key, or
	// leave both unset to use the default AWS credential chain
	// (environment, shared config and profile, SSO, web identity, container
	// and instance roles). Prefer a placeholder such as
	// {env.AWS_ACCESS_KEY_ID} to writing the key into the config.
	AccessKeyID string `json:"access_key_id,omitempty"`

	// The secret access key that goes with access_key_id. Prefer a
	// placeholder such as {env.AWS_SECRET_ACCESS_KEY}.
	SecretAccessKey string `json:"secret_access_key,omitempty"`

	// An optional session token for temporary static credentials.
	SessionToken string `json:"session_token,omitempty"`

	// A named profile from the shared AWS config and credentials files,
	// used by the default credential chain and for the region.
	Profile string `json:"profile,omitempty"`

	// An IAM role to assume through STS, on top of the static keys or the
	// default chain. The assumed credentials are cached and refreshed
	// before they expire.
	RoleARN string `json:"role_arn,omitempty"`

	// The session name used when assuming role_arn. Default:
	// "caddy-llm-gateway".
	RoleSessionName string `json:"role_session_name,omitempty"`

	// A file holding an OIDC token (e.g. a Kubernetes service account
	// token). When set, role_arn is assumed with AssumeRoleWithWebIdentity
	// using this token. Requires role_arn.
	WebIdentityTokenFile string `json:"web_identity_token_file,omitempty"`

	// Replaces the default https://bedrock-runtime.{region}.amazonaws.com,
	// e.g. for a VPC endpoint or a proxy. Must be an absolute http or
	// https URL; a path prefix is kept in front of /model/....
	Endpoint string `json:"endpoint,omitempty"`

	// Replaces the default
	// https://bedrock-agent-runtime.{region}.amazonaws.com, where the
	// Rerank API is, e.g. for a VPC endpoint or a proxy. Unset, it is
	// endpoint when that is set (one proxy serving both), else the
	// AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME or AWS_ENDPOINT_URL
	// environment variable, else the default. The rules of endpoint
	// apply; a path prefix is kept in front of /rerank.
	AgentEndpoint string `json:"agent_endpoint,omitempty"`

	// Extra headers sent on every request to Bedrock. They are added
	// before signing, so they are covered by the signature.
	Headers http.Header `json:"headers,omitempty"`

	// An Amazon Bedrock API key, sent as "Authorization: Bearer <key>"
	// instead of a SigV4 signature. Without it and without static keys,
	// the AWS_BEARER_TOKEN_BEDROCK environment variable is used when set,
	// as the AWS SDKs do; it wins over the default credential chain.
	// Prefer a placeholder such as {env.BEDROCK_API_KEY}.
	APIKey string `json:"api_key,omitempty"`

	// Runtime state; the exported fields above stay as configured so that
	// the config can be shown without resolved secrets.
	name        string
	region      string
	baseURL     string // endpoint scheme and host
	pathPrefix  string // endpoint path, unescaped, no trailing slash
	rawPrefix   string // endpoint path as it goes on the wire
	agent       base   // the agent runtime's endpoint
	headers     http.Header
	creds       aws.CredentialsProvider
	baseCreds   aws.CredentialsProvider // under creds when role_arn is assumed
	credsSource string                  // what was tried, for CredentialsError
	failures    *failureCache
	bearer      []string // the Authorization value when an API key is used
	signer      *v4.Signer
	transport   *http.Transport
	client      *http.Client
	logger      *zap.Logger
}

// Provision resolves placeholders with resolve, then sets up the region,
// credentials, endpoint and HTTP client. It does not need credentials to
// exist: a missing or broken credential source fails each request instead,
// so the gateway can start without cloud access.
func (a *Account) Provision(ctx context.Context, name string, resolve func(string) string, logger *zap.Logger) error {
	if resolve == nil {
		resolve = func(s string) string { return s }
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	a.name = name
	a.logger = logger

	if err := a.loadCredentials(ctx, resolve); err != nil {
		return err
	}
	if err := a.resolveEndpoint(resolve(a.Endpoint)); err != nil {
		return err
	}
	if err := a.resolveAgentEndpoint(resolve(a.AgentEndpoint), resolve(a.Endpoint)); err != nil {
		return err
	}
	var err error
	if a.headers, err = upstream.ResolveHeaders(a.Headers, resolve, reservedHeaders); err != nil {
		return fmt.Errorf("bedrock account %q: %w", name, err)
	}
	a.transport, a.client = upstream.NewClient()
	a.signer = v4.NewSigner()

	if c := logger.Check(zapcore.DebugLevel, "bedrock account provisioned"); c != nil {
		c.Write(
			zap.String("account", name),
			zap.String("region", a.region),
			zap.String("endpoint", a.baseURL+a.rawPrefix),
			zap.String("agent_endpoint", a.agent.url+a.agent.rawPrefix),
			zap.String("credentials", a.credsSource),
		)
	}
	return nil
}

// Cleanup closes idle upstream connections.
func (a *Account) Cleanup() {
	if a.transport != nil {
		a.transport.CloseIdleConnections()
	}
}

// Name returns the account's name given at provisioning.
func (a *Account) Name() string { return a.name }

// ResolvedRegion returns the region requests are signed for and sent to:
// the configured one, or the one found in the environment. (It cannot be
// called Region, which is the config field.)
func (a *Account) ResolvedRegion() string { return a.region }
