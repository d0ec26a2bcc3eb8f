package azure

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
)

// Operations: the path after the deployment (Azure OpenAI) or endpoint
// (Azure AI model inference).
const (
	OpChat       = "chat/completions"
	OpEmbeddings = "embeddings"
	OpImages     = "images/generations" // Azure OpenAI only
	// OpCompletions is the legacy text completions operation, which only
	// completion models (gpt-35-turbo-instruct, davinci-002) serve.
	OpCompletions = "completions" // Azure OpenAI only
)

// Account kinds, as in the Caddyfile and in error messages.
const (
	KindOpenAI = "azure"
	KindAI     = "azure_ai"
)

const (
	contentTypeJSON = "application/json"
	userAgent       = "caddy-llm-gateway"
)

// Header values shared by every request. Nothing writes to them.
var (
	hdrJSON        = []string{contentTypeJSON}
	hdrEventStream = []string{"text/event-stream"}
	hdrUserAgent   = []string{userAgent}
)

// conn is what both kinds of account share once provisioned: where to
// send requests, how to authenticate them, and the HTTP client.
type conn struct {
	kind, name  string
	base        string // endpoint scheme and host
	prefix      string // endpoint path, unescaped, no trailing slash
	rawPrefix   string // endpoint path as it goes on the wire
	query       string // api-version=...
	apiVersion  string
	headers     http.Header // configured extra headers, resolved
	apiKey      []string    // api-key header value, nil with Entra
	bearer      []string    // Authorization value sent with the key (azure_ai)
	extraParams []string    // extra-parameters header value (azure_ai)
	entra       *entraSource
	secrets     []string // removed from error bodies before anyone sees them
	// noCreds, when set, says why the account has no credentials: one
	// configured as a placeholder resolved to nothing, or the environment
	// lacks the identity. The gateway still starts; each request fails
	// with a CredentialsError.
	noCreds   string
	transport *http.Transport
	client    *http.Client
	logger    *zap.Logger
}

// setup is the part of provisioning both kinds share. It returns resolve,
// the identity when nil, for the kind's own fields.
func (c *conn) setup(kind, name, endpoint, apiVersion, defaultVersion string, headers http.Header, resolve func(string) string, logger *zap.Logger) (func(string) string, error) {
	if resolve == nil {
		resolve = func(s string) string { return s }
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	c.kind, c.name, c.logger = kind, name, logger
	var err error
	if c.base, c.prefix, c.rawPrefix, err = parseEndpoint(resolve(endpoint)); err != nil {
		return nil, c.errorf("%v", err)
	}
	if apiVersion = resolve(apiVersion); apiVersion == "" {
		apiVersion = defaultVersion
	}
	if !validToken(apiVersion) {
		return nil, c.errorf("api_version must be letters, digits, '-', '.' or '_'")
	}
	c.apiVersion = apiVersion
	c.query = "api-version=" + url.QueryEscape(apiVersion)
	if c.headers, err = upstream.ResolveHeaders(headers, resolve, reservedHeaders); err != nil {
		return nil, c.errorf("%v", err)
	}
	c.transport, c.client = upstream.NewClient()
	return resolve, nil
}

// errorf formats a configuration error that names the account.
func (c *conn) errorf(format string, args ...any) error {
	return fmt.Errorf("%s account %q: "+format, append([]any{c.kind, c.name}, args...)...)
}

// deferCredentials records why the account has no credentials, with a
// warning: requests will fail until the environment provides them.
func (c *conn) deferCredentials(reason string) error {
	c.noCreds = reason
	c.logger.Warn("account has no credentials; its requests will fail",
		zap.String("kind", c.kind), zap.String("account", c.name), zap.String("reason", reason))
	return nil
}

func (c *conn) cleanup() {
	if c.transport != nil {
		c.transport.CloseIdleConnections()
	}
}

// post sends body to path and returns a 2xx response for the caller to
// read and close. Any other status is an *APIError, a token failure a
// *CredentialsError, and a transport or context error is wrapped with %w.
// A 401 to an Entra token gets one retry with a different token: the
// cached one may have been revoked, or the clocks may disagree.
func (c *conn) post(ctx context.Context, path, rawPath, deployment, op string, body []byte, stream bool) (*http.Response, error) {
	if c.noCreds != "" {
		return nil, &CredentialsError{Account: c.name, Kind: c.kind, summary: " has no credentials: " + c.noCreds,
			Err: fmt.Errorf("%w: %s", errNoCredentials, c.noCreds)}
	}
	if c.client == nil {
		return nil, fmt.Errorf("%s account %q: not provisioned", c.kind, c.name)
	}
	var tok *entraToken
	if c.entra != nil {
		var err error
		if tok, err = c.entra.token(ctx); err != nil {
			return nil, err
		}
	}
	for attempt := 0; ; attempt++ {
		req, err := c.newRequest(ctx, path, rawPath, body, stream, tok)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		resp, err := c.client.Do(req)
		if err != nil {
			c.logRequest(deployment, op, 0, start, err)
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("%s account %q: %s: %w", c.kind, c.name, op, ctxErr)
			}
			return nil, fmt.Errorf("%s account %q: %s: %w", c.kind, c.name, op, err)
		}
		c.logRequest(deployment, op, resp.StatusCode, start, nil)
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			return resp, nil
		}
		if resp.StatusCode == http.StatusUnauthorized && tok != nil && attempt == 0 {
			fresh, err := c.entra.replace(ctx, tok)
			if err != nil {
				drainAndClose(resp.Body)
				return nil, err
			}
			if fresh != nil {
				drainAndClose(resp.Body)
				tok = fresh
				continue
			}
		}
		return nil, c.readAPIError(resp, tok)
	}
}

// newRequest builds the request from scratch, so nothing from the
// gateway's own client request can leak upstream.
func (c *conn) newRequest(ctx context.Context, path, rawPath string, body []byte, stream bool, tok *entraToken) (*http.Request, error) {
	// A bytes.Reader body gives the request ContentLength and GetBody, so
	// the transport can replay it on a fresh HTTP/2 connection.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s account %q: building request: %w", c.kind, c.name, err)
	}
	req.URL.Path, req.URL.RawPath, req.URL.RawQuery = path, rawPath, c.query
	h := req.Header
	for k, vs := range c.headers {
		h[k] = vs
	}
	h["Content-Type"] = hdrJSON
	h["Accept"] = hdrJSON
	if stream {
		h["Accept"] = hdrEventStream
	}
	h["User-Agent"] = hdrUserAgent
	switch {
	case tok != nil:
		h["Authorization"] = tok.header
	case c.apiKey != nil:
		h["Api-Key"] = c.apiKey
		if c.bearer != nil {
			h["Authorization"] = c.bearer
		}
	}
	if c.extraParams != nil {
		h["Extra-Parameters"] = c.extraParams
	}
	if id := upstream.RequestID(ctx); id != "" {
		// Azure echoes it in its logs and support cases.
		h["X-Ms-Client-Request-Id"] = []string{id}
	}
	upstream.Propagate(ctx, h)
	return req, nil
}

func (c *conn) logRequest(deployment, op string, status int, start time.Time, err error) {
	ce := c.logger.Check(zapcore.DebugLevel, "azure request")
	if ce == nil {
		return
	}
	ce.Write(
		zap.String("kind", c.kind),
		zap.String("account", c.name),
		zap.String("deployment", deployment),
		zap.String("operation", op),
		zap.Int("status", status),
		zap.Duration("duration", time.Since(start)),
		zap.Error(err),
	)
}

// logProvisioned logs where an account sends requests and how it
// authenticates them, never with what.
func (c *conn) logProvisioned(auth string) {
	ce := c.logger.Check(zapcore.DebugLevel, "azure account provisioned")
	if ce == nil {
		return
	}
	ce.Write(
		zap.String("kind", c.kind),
		zap.String("account", c.name),
		zap.String("endpoint", c.base+c.rawPrefix),
		zap.String("api_version", c.apiVersion),
		zap.String("auth", auth),
	)
}

// drainAndClose lets a keep-alive connection be reused.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4096)
	_ = body.Close()
}
