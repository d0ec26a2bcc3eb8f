package bedrock

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"golang.org/x/net/http/httpguts"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
)

// ConverseLike is a server that speaks Bedrock's Converse wire format but
// is not AWS: an internal proxy, or a model server that mimics Bedrock.
// As in LiteLLM's bedrock/converse_like route, requests, streaming or
// not, go to its URL as it is, with an optional bearer key and extra
// headers, and no SigV4 signature.
type ConverseLike struct {
	name    string
	url     *url.URL
	bearer  []string
	headers http.Header
	secret  string
	client  *http.Client
	tr      *http.Transport
	logger  *zap.Logger
}

// NewConverseLike checks the URL, key and headers of a converse_like
// model line, already resolved; name says which line in errors.
func NewConverseLike(name, apiBase, apiKey string, headers http.Header, logger *zap.Logger) (*ConverseLike, error) {
	if logger == nil {
		logger = zap.NewNop()
	}
	u, err := url.Parse(apiBase)
	if apiBase == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("%s: api_base must be an absolute http or https URL without user info", name)
	}
	c := &ConverseLike{name: name, url: u, logger: logger, secret: apiKey}
	if apiKey != "" {
		if !httpguts.ValidHeaderFieldValue(apiKey) {
			return nil, fmt.Errorf("%s: api_key has characters a header cannot carry", name)
		}
		c.bearer = []string{"Bearer " + apiKey}
	}
	if c.headers, err = upstream.ResolveHeaders(headers, func(s string) string { return s }, reservedHeaders); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	c.tr, c.client = upstream.NewClient()
	return c, nil
}

// Post sends a Converse body, asking for an event stream when stream is
// set. A 2xx answer is returned for the caller to read and close (it may
// be an event stream or a Converse JSON answer: the server decides); any
// other status is an *APIError, and a transport or context error is
// wrapped with %w.
func (c *ConverseLike) Post(ctx context.Context, stream bool, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: building request: %w", c.name, err)
	}
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
	if c.bearer != nil {
		h["Authorization"] = c.bearer
	}
	upstream.Propagate(ctx, h)
	start := time.Now()
	resp, err := c.client.Do(req)
	if ce := c.logger.Check(zapcore.DebugLevel, "converse_like request"); ce != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		ce.Write(zap.String("line", c.name), zap.Int("status", status), zap.Duration("duration", time.Since(start)), zap.Error(err))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.name, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := readAPIError(resp, actionFor(OpConverse))
		if c.secret != "" {
			e.Message = redactSecret(e.Message, c.secret)
		}
		return nil, e
	}
	return resp, nil
}

// Endpoint is where requests go, for logs and pool state.
func (c *ConverseLike) Endpoint() string {
	return c.url.Scheme + "://" + c.url.Host + c.url.EscapedPath()
}

// Cleanup closes idle connections.
func (c *ConverseLike) Cleanup() { c.tr.CloseIdleConnections() }
