package bedrock

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	maxErrorBody    = 64 << 10 // read no more of an error reply than this
	maxErrorMessage = 1024     // keep no more of a non-JSON error body than this
)

// APIError is a non-2xx reply from Bedrock (or a proxy in front of it).
type APIError struct {
	// Status is the upstream HTTP status.
	Status int
	// Type is the AWS error type, e.g. "ValidationException", from the
	// x-amzn-errortype header or the body's "__type"; empty if neither.
	Type string
	// Message is the body's "message" (or "Message"), else the start of
	// the raw body.
	Message string
	// RetryAfter is the upstream Retry-After header, if any.
	RetryAfter string
	// Operation is the IAM action the call needs, for access-denied hints.
	Operation string
	// RequestID is AWS's id of the call (x-amzn-RequestId), for support
	// cases and logs.
	RequestID string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("bedrock: upstream status ")
	b.WriteString(strconv.Itoa(e.Status))
	if e.Type != "" {
		b.WriteString(" ")
		b.WriteString(e.Type)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Type == "AccessDeniedException" && e.Operation != "" {
		b.WriteString(" (the call needs IAM permission ")
		b.WriteString(e.Operation)
		b.WriteString(")")
	}
	return b.String()
}

// readAPIError reads a bounded amount of resp's body, closes it and maps
// it to an *APIError.
func readAPIError(resp *http.Response, action string) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()

	var body struct {
		Type         string `json:"__type"`
		Message      string `json:"message"`
		MessageUpper string `json:"Message"`
	}
	_ = json.Unmarshal(raw, &body)

	typ := resp.Header.Get("X-Amzn-Errortype")
	if typ == "" {
		typ = body.Type
	}
	msg := body.Message
	if msg == "" {
		msg = body.MessageUpper
	}
	if msg == "" {
		msg = truncate(strings.TrimSpace(string(raw)), maxErrorMessage)
	}
	return &APIError{
		RequestID:  resp.Header.Get("X-Amzn-Requestid"),
		Status:     resp.StatusCode,
		Type:       sanitizeErrorType(typ),
		Message:    msg,
		RetryAfter: resp.Header.Get("Retry-After"),
		Operation:  action,
	}
}

// sanitizeErrorType turns "ValidationException:http://internal..." and
// "com.amazon.coral.validate#ValidationException" into
// "ValidationException", as the AWS SDK does.
func sanitizeErrorType(t string) string {
	if i := strings.IndexByte(t, ':'); i >= 0 {
		t = t[:i]
	}
	if i := strings.LastIndexByte(t, '#'); i >= 0 {
		t = t[i+1:]
	}
	return strings.TrimSpace(t)
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// redactSecret removes a key a proxy may have echoed into its error.
func redactSecret(s, secret string) string {
	if len(secret) < 4 {
		return s
	}
	return strings.ReplaceAll(s, secret, "[REDACTED]")
}
