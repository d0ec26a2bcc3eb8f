package translate

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// OpenAI error types, as the OpenAI SDKs expect them in error.type.
const (
	ErrInvalidRequest = "invalid_request_error"
	ErrAuthentication = "authentication_error"
	ErrPermission     = "permission_error"
	ErrNotFound       = "not_found_error"
	ErrRateLimit      = "rate_limit_error"
	ErrServer         = "server_error"
	ErrUpstream       = "upstream_error"
	ErrTimeout        = "timeout_error"
)

// Error is an error answered to the client in OpenAI's shape:
// {"error":{"message","type","param","code"}} with Status as the HTTP status.
type Error struct {
	Status  int
	Message string
	Type    string
	Param   string
	Code    string

	// RetryAfter, when set, is sent as the Retry-After header (seconds).
	RetryAfter string

	// InnerError, when set, is raw JSON sent as the error's "innererror"
	// member, as Azure sends it: the content filter's verdicts, which a
	// client may act on.
	InnerError string

	// Kind says whether routing the request elsewhere may help; it is
	// not sent to the client.
	Kind FailureKind
}

func (e *Error) Error() string { return e.Message }

// Retryable reports whether a client retry of the same request can succeed;
// the handler sends x-should-retry: false when it cannot.
func (e *Error) Retryable() bool {
	switch e.Code {
	case "upstream_credentials_unavailable", "upstream_credentials_rejected":
		// The gateway's own configuration is at fault: only its operator
		// can fix that.
		return false
	}
	switch e.Status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable,
		http.StatusGatewayTimeout, http.StatusInternalServerError, http.StatusRequestTimeout:
		return true
	}
	return false
}

// AppendJSON appends {"error":{...}} to dst.
func (e *Error) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"error":{"message":`...)
	dst = jsonw.AppendString(dst, e.Message)
	dst = append(dst, `,"type":`...)
	dst = jsonw.AppendString(dst, e.Type)
	dst = append(dst, `,"param":`...)
	dst = appendStringOrNull(dst, e.Param)
	dst = append(dst, `,"code":`...)
	dst = appendStringOrNull(dst, e.Code)
	if e.InnerError != "" {
		dst = append(dst, `,"innererror":`...)
		dst = append(dst, e.InnerError...)
	}
	return append(dst, "}}"...)
}

func appendStringOrNull(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, "null"...)
	}
	return jsonw.AppendString(dst, s)
}

// BadRequest is a 400 invalid_request_error about one request parameter.
func BadRequest(param, format string, args ...any) *Error {
	return &Error{
		Status:  http.StatusBadRequest,
		Message: fmt.Sprintf(format, args...),
		Type:    ErrInvalidRequest,
		Param:   param,
	}
}

// BadUpstream is the 502 for an upstream answer the gateway cannot use:
// unreadable, or cut off before it was complete. The upstream is at
// fault, not the client, and another deployment may answer well, so the
// router may try one (while nothing has reached the client yet).
func BadUpstream(msg string) *Error {
	return &Error{Status: http.StatusBadGateway, Type: ErrUpstream, Kind: FailUnavailable, Message: msg}
}

// Unsupported is the 400 answered for an OpenAI parameter the route cannot
// honour; it tells the operator how to drop such parameters instead.
func Unsupported(param, provider string) *Error {
	return &Error{
		Status: http.StatusBadRequest,
		Message: "parameter '" + param + "' is not supported by " + provider +
			"; remove it from the request, or set drop_params on the model to drop unsupported parameters",
		Type:  ErrInvalidRequest,
		Param: param,
		Code:  "unsupported_parameter",
	}
}

// RetryAfterSeconds formats a Retry-After value.
func RetryAfterSeconds(s int) string { return strconv.Itoa(s) }

// defaultRetryAfter is suggested when an upstream throttles without saying
// for how long: long enough for a token bucket to refill a little, short
// enough not to stall interactive clients.
const defaultRetryAfter = "2"

// RetryAfterOrDefault is the Retry-After an upstream sent (seconds), or
// defaultRetryAfter when it sent none.
func RetryAfterOrDefault(s string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return defaultRetryAfter
}
