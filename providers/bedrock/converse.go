package bedrock

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/upstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Operation path segments and the IAM actions they need.
const (
	OpConverse           = "converse"
	OpConverseStream     = "converse-stream"
	OpInvoke             = "invoke"
	OpInvokeStream       = "invoke-with-response-stream"
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
	op := OpConverse
	if stream {
		op = OpConverseStream
	}
	return a.call(ctx, modelID, op, body)
}

// Invoke POSTs a model's native body to {endpoint}/model/{modelID}/invoke,
// or to /invoke-with-response-stream when stream is set, whose answer is
// an event stream of "chunk" events carrying the model's own JSON. The
// contract is Converse's.
func (a *Account) Invoke(ctx context.Context, modelID string, stream bool, body []byte) (*http.Response, error) {
	op := OpInvoke
	if stream {
		op = OpInvokeStream
	}
	return a.call(ctx, modelID, op, body)
}

// call sends one request and maps a non-2xx answer to an *APIError.
func (a *Account) call(ctx context.Context, modelID, op string, body []byte) (*http.Response, error) {
	resp, err := a.send(ctx, modelID, op, body, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, readAPIError(resp, actionFor(op))
	}
	return resp, nil
}

// actionFor is the IAM action an operation needs.
func actionFor(op string) string {
	if op == OpConverseStream || op == OpInvokeStream {
		return actionInvokeStream
	}
	return actionInvoke
}

// send builds, authenticates and sends one request, and returns the
// answer whatever its status. extra holds request headers to send as
// they are (covered by the signature); the caller has vetted them.
func (a *Account) send(ctx context.Context, modelID, op string, body []byte, extra http.Header) (*http.Response, error) {
	if a.client == nil {
		return nil, fmt.Errorf("bedrock account %q: not provisioned", a.name)
	}
	if modelID == "" {
		return nil, fmt.Errorf("bedrock account %q: empty model ID", a.name)
	}
	accept := hdrJSON
	if op == OpConverseStream || op == OpInvokeStream {
		accept = hdrEventStream
	}
	req, err := a.newRequest(ctx, a.baseURL, accept, body)
	if err != nil {
		return nil, err
	}
	a.setModelPath(req.URL, modelID, op)
	for k, vs := range extra {
		req.Header[k] = vs
	}
	return a.do(ctx, req, body, modelID, op)
}

// do authenticates and sends a request built by newRequest. model and op
// are for the log and errors.
func (a *Account) do(ctx context.Context, req *http.Request, body []byte, model, op string) (*http.Response, error) {
	upstream.Propagate(ctx, req.Header)
	if err := a.authenticate(ctx, req, body); err != nil {
		return nil, err
	}
	start := time.Now()
	resp, err := a.client.Do(req)
	if err != nil {
		a.logRequest(model, op, 0, start, err)
		return nil, fmt.Errorf("bedrock account %q: %s: %w", a.name, op, err)
	}
	a.logRequest(model, op, resp.StatusCode, start, nil)
	return resp, nil
}

// authenticate adds an API key, or signs the request with the account's
// credentials; nothing may change the request after it.
func (a *Account) authenticate(ctx context.Context, req *http.Request, body []byte) error {
	if a.bearer != nil {
		req.Header["Authorization"] = a.bearer
		return nil
	}
	creds, err := a.credentials(ctx)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	if err := a.signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), signingName, a.region, time.Now()); err != nil {
		return fmt.Errorf("bedrock account %q: signing request: %w", a.name, err)
	}
	return nil
}

// newRequest builds the unsigned request to baseURL from scratch, so
// nothing from the gateway's own client request can leak upstream; the
// caller sets its path.
func (a *Account) newRequest(ctx context.Context, baseURL string, accept []string, body []byte) (*http.Request, error) {
	// A bytes.Reader body gives the request ContentLength and GetBody, so
	// the transport can replay it on a fresh HTTP/2 connection.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("bedrock account %q: building request: %w", a.name, err)
	}
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
