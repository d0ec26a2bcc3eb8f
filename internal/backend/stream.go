package backend

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// StreamInterrupted is a stream whose upstream connection broke before
// its end.
func StreamInterrupted(provider string) *translate.Error {
	return &translate.Error{Status: http.StatusBadGateway, Type: translate.ErrUpstream,
		Code: "stream_interrupted", Message: "the " + provider + " stream broke off before it ended",
		Kind: translate.FailUnavailable}
}

// ErrClientGone ends a stream whose client went away: nothing more can
// be written, and the upstream is not to blame.
var ErrClientGone = &translate.Error{Status: 499, Type: translate.ErrInvalidRequest,
	Code: "client_closed_request", Message: "the client went away"}

// StreamError maps a failed read of a stream's body: a timeout that
// fired, the client gone (ErrClientGone), or the connection broken.
func (c *Call) StreamError(err error, provider string) *translate.Error {
	if e := c.timedOut(); e != nil {
		return e
	}
	if c.ctx.Err() != nil {
		return ErrClientGone
	}
	c.env.Logger.Warn("upstream stream broke off", zap.String("provider", c.d.Provider),
		zap.String("account", c.d.Account), zap.String("model", c.d.Alias), zap.String("request_id", c.requestID),
		zap.String("upstream_request_id", c.upstreamID), zap.Error(err))
	return StreamInterrupted(provider)
}

// LogDropped notes parameters a translation removed, at debug level.
func LogDropped(logger *zap.Logger, alias string, dropped []string) {
	if len(dropped) == 0 {
		return
	}
	if ce := logger.Check(zapcore.DebugLevel, "dropped parameters the model cannot take"); ce != nil {
		ce.Write(zap.String("model", alias), zap.Strings("params", dropped))
	}
}

// NewCompletionID makes an OpenAI-style completion id.
func NewCompletionID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "chatcmpl-" + hex.EncodeToString(b[:])
}
