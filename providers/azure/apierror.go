package azure

import (
	"bytes"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	maxErrorBody = 64 << 10 // read no more of an error reply than this
	maxErrorText = 256      // keep no more of the body in Error()
	redacted     = "[REDACTED]"
)

// APIError is a non-2xx reply from Azure (or a proxy in front of it). Body
// holds the raw reply, bounded, with the account's own credentials removed
// should anything have echoed them; the Error of translate/azure maps it
// for the client.
type APIError struct {
	// Status is the upstream HTTP status.
	Status int
	// Body is the start of the reply body (at most 64 KiB).
	Body []byte
	// RetryAfter is Azure's Retry-After in seconds, or retry-after-ms
	// rounded up, if either was sent.
	RetryAfter string
	// Account names the gateway's account; Kind is "azure" or "azure_ai".
	Account string
	Kind    string
	// RequestID is Azure's id of the call (apim-request-id, else
	// x-request-id), for support cases and logs.
	RequestID string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind)
	b.WriteString(" account ")
	b.WriteString(strconv.Quote(e.Account))
	b.WriteString(": upstream status ")
	b.WriteString(strconv.Itoa(e.Status))
	if text := oneLine(e.Body, maxErrorText); text != "" {
		b.WriteString(": ")
		b.WriteString(text)
	}
	return b.String()
}

// readAPIError reads a bounded amount of resp's body, closes it and maps
// it to an *APIError.
func (c *conn) readAPIError(resp *http.Response, tok *entraToken) *APIError {
	secrets := c.secrets
	if tok != nil {
		secrets = append(secrets[:len(secrets):len(secrets)], tok.value)
	}
	// Read past the bound by the longest secret, so that one that starts
	// before the cut is removed whole rather than cut in two.
	over := 0
	for _, s := range secrets {
		over = max(over, len(s))
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, int64(maxErrorBody+over)))
	drainAndClose(resp.Body)
	raw = scrub(raw, secrets)
	if len(raw) > maxErrorBody {
		raw = raw[:maxErrorBody]
	}
	requestID := resp.Header.Get("Apim-Request-Id")
	if requestID == "" {
		requestID = resp.Header.Get("X-Request-Id")
	}
	return &APIError{
		RequestID:  requestID,
		Status:     resp.StatusCode,
		Body:       raw,
		RetryAfter: retryAfter(resp.Header),
		Account:    c.name,
		Kind:       c.kind,
	}
}

// scrub replaces every occurrence of a secret in b. Azure does not echo
// keys, but a proxy in front of it might echo the request.
func scrub(b []byte, secrets []string) []byte {
	for _, s := range secrets {
		if len(s) >= 4 && bytes.Contains(b, []byte(s)) {
			b = bytes.ReplaceAll(b, []byte(s), []byte(redacted))
		}
	}
	return b
}

// retryAfter reads Retry-After (seconds), else Azure's retry-after-ms
// rounded up to whole seconds. HTTP dates are passed on as they are.
func retryAfter(h http.Header) string {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		return v
	}
	if ms, err := strconv.ParseFloat(strings.TrimSpace(h.Get("Retry-After-Ms")), 64); err == nil && ms > 0 && ms < 1e9 {
		return strconv.Itoa(int(math.Ceil(ms / 1000)))
	}
	return ""
}

// oneLine is the start of b on a single line, for error texts.
func oneLine(b []byte, n int) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
