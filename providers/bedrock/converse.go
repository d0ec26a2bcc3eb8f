package bedrock

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Operation path segments and the IAM actions they need.
const (
	opConverse           = "converse"
	opConverseStream     = "converse-stream"
	actionInvoke         = "bedrock:InvokeModel"
	actionInvokeStream   = "bedrock:InvokeModelWithResponseStream"
	signingName          = "bedrock"
	contentTypeJSON      = "application/json"
	contentTypeEventStrm = "application/vnd.amazon.eventstream"
	userAgent            = "caddy-llm-gateway"
)

// Header values shared by every request. Nothing writes to them: the
// signer only writes its own headers, which config cannot set.
var (
	hdrJSON        = []string{contentTypeJSON}
	hdrEventStream = []string{contentTypeEventStrm}
	hdrUserAgent   = []string{userAgent}
)

// Converse POSTs body to {endpoint}/model/{modelID}/converse, or to
// /converse-stream when stream is set. modelID is a model ID, inference
// profile ID or ARN, unescaped.
//
// A 2xx response is returned for the caller to read and close. Any other
// status is returned as an *APIError, a credential failure as a
// *CredentialsError, and a transport or context error wrapped with %w.
func (a *Account) Converse(ctx context.Context, modelID string, stream bool, body []byte) (*http.Response, error) {
	if a.client == nil {
		return nil, fmt.Errorf("bedrock account %q: not provisioned", a.name)
	}
	if modelID == "" {
		return nil, fmt.Errorf("bedrock account %q: empty model ID", a.name)
	}
	op, action, accept := opConverse, actionInvoke, hdrJSON
	if stream {
		op, action, accept = opConverseStream, actionInvokeStream, hdrEventStream
	}

	creds, err := a.credentials(ctx)
	if err != nil {
		return nil, err
	}
	req, err := a.newRequest(ctx, modelID, op, accept, body)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	if err := a.signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), signingName, a.region, time.Now()); err != nil {
		return nil, fmt.Errorf("bedrock account %q: signing request: %w", a.name, err)
	}

	start := time.Now()
	resp, err := a.client.Do(req)
	if err != nil {
		a.logRequest(modelID, op, 0, start, err)
		return nil, fmt.Errorf("bedrock account %q: %s: %w", a.name, op, err)
	}
	a.logRequest(modelID, op, resp.StatusCode, start, nil)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, readAPIError(resp, action)
	}
	return resp, nil
}

// newRequest builds the unsigned request from scratch, so nothing from the
// gateway's own client request can leak upstream.
func (a *Account) newRequest(ctx context.Context, modelID, op string, accept []string, body []byte) (*http.Request, error) {
	// A bytes.Reader body gives the request ContentLength and GetBody, so
	// the transport can replay it on a fresh HTTP/2 connection.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.baseURL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("bedrock account %q: building request: %w", a.name, err)
	}
	a.setModelPath(req.URL, modelID, op)
	h := req.Header
	h["Content-Type"] = hdrJSON
	h["Accept"] = accept
	h["User-Agent"] = hdrUserAgent
	for k, vs := range a.headers {
		h[k] = vs
	}
	return req, nil
}

func (a *Account) logRequest(modelID, op string, status int, start time.Time, err error) {
	c := a.logger.Check(zapcore.DebugLevel, "bedrock request")
	if c == nil {
		return
	}
	c.Write(
		zap.String("account", a.name),
		zap.String("model", modelID),
		zap.String("operation", op),
		zap.Int("status", status),
		zap.Duration("duration", time.Since(start)),
		zap.Error(err),
	)
}
