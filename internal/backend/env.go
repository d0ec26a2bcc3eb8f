package backend

import (
	"net/http"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Env is what a backend needs of the gateway that runs it. The gateway
// makes one at provision, before it builds its backends.
type Env struct {
	Logger *zap.Logger
	// MaxBody is max_request_body; MaxAnswer is max_response_body.
	MaxBody, MaxAnswer int64

	// lastCredErr is the last credential failure logged at error level.
	lastCredErr atomic.Pointer[error]
}

// Deployment is what a call needs to know of the model line it is made
// on: for its timeouts, and to name the line in errors and logs.
type Deployment struct {
	Alias    string
	Index    int // position in its pool, as logs and /health name it
	Provider string
	Account  string
	Timeouts Timeouts
}

// Timeouts bound one attempt; 0 is no limit.
type Timeouts struct {
	// Connect bounds a new connection; 0 leaves the connection pool's own
	// default, which it dials with anyway.
	Connect   time.Duration
	FirstByte time.Duration
	Idle      time.Duration
	Total     time.Duration
}

// LogCredentials logs a credential failure with its cause, at error level
// once per failure and at debug level when the same one comes back: an
// account remembers a failed lookup for a while and hands every request
// that same error.
func (e *Env) LogCredentials(failure error, account string, cause error) {
	level := zapcore.ErrorLevel
	if prev := e.lastCredErr.Swap(&failure); prev != nil && *prev == failure {
		level = zapcore.DebugLevel
	}
	if ce := e.Logger.Check(level, "no usable upstream credentials"); ce != nil {
		ce.Write(zap.String("account", account), zap.Error(cause))
	}
}

// unreachable logs a transport failure in full and answers 502 without
// the details, which can name internal hosts.
func (e *Env) unreachable(d *Deployment, err error) *translate.Error {
	e.Logger.Error("upstream request failed", zap.String("provider", d.Provider), zap.String("account", d.Account),
		zap.String("model", d.Alias), zap.Int("deployment", d.Index), zap.Error(err))
	return &translate.Error{
		Status:  http.StatusBadGateway,
		Type:    translate.ErrUpstream,
		Code:    "upstream_unreachable",
		Message: "could not complete the call to " + d.Provider + " account \"" + d.Account + "\"; the gateway's log has the details",
		Kind:    translate.FailUnavailable,
	}
}

// CredentialsUnavailable answers a call the gateway could not
// authenticate: its own credentials are missing, which no client can fix
// (500, not 401). Another deployment, with another account, may have them.
func CredentialsUnavailable(summary string) *translate.Error {
	return &translate.Error{
		Status:  http.StatusInternalServerError,
		Type:    translate.ErrServer,
		Code:    "upstream_credentials_unavailable",
		Message: summary + "; the gateway's log has the details",
		Kind:    translate.FailUnavailable,
	}
}
