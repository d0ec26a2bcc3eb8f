package llmgateway

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// sseWriter writes server-sent events and flushes each one, so chunks reach
// the client as they are produced, through Caddy's encode handler too. The
// headers go out with the first event.
type sseWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	started bool
}

func newSSEWriter(w http.ResponseWriter) *sseWriter {
	// Caddy's response writers are not http.Flushers themselves; the
	// ResponseController finds the flusher through their Unwrap methods.
	return &sseWriter{w: w, rc: http.NewResponseController(w)}
}

func (s *sseWriter) start() {
	h := s.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // tell nginx-style proxies in front not to buffer
	h.Del("Content-Length")
	s.w.WriteHeader(http.StatusOK)
	s.started = true
}

// send writes b (one or more complete events) and flushes.
func (s *sseWriter) send(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if !s.started {
		s.start()
	}
	if _, err := s.w.Write(b); err != nil {
		return err
	}
	return s.rc.Flush()
}

// streamInterrupted is a stream whose upstream connection broke before
// its end.
func streamInterrupted(provider string) *translate.Error {
	return &translate.Error{Status: http.StatusBadGateway, Type: translate.ErrUpstream,
		Code: "stream_interrupted", Message: "the " + provider + " stream broke off before it ended",
		Kind: translate.FailUnavailable}
}

// errClientGone ends a stream whose client went away: nothing more can
// be written, and the upstream is not to blame.
var errClientGone = &translate.Error{Status: 499, Type: translate.ErrInvalidRequest,
	Code: "client_closed_request", Message: "the client went away"}

// streamError maps a failed read of a stream's body: a timeout that
// fired, the client gone (errClientGone), or the connection broken.
func (c *call) streamError(err error, provider string) *translate.Error {
	if e := c.timedOut(); e != nil {
		return e
	}
	if c.ctx.Err() != nil {
		return errClientGone
	}
	c.g.logger.Warn("upstream stream broke off", zap.String("provider", c.d.provider),
		zap.String("account", c.d.account), zap.String("model", c.d.alias), zap.String("request_id", c.requestID),
		zap.String("upstream_request_id", c.upstreamID), zap.Error(err))
	return streamInterrupted(provider)
}

// logDropped notes parameters a translation removed, at debug level.
func logDropped(logger *zap.Logger, alias string, dropped []string) {
	if len(dropped) == 0 {
		return
	}
	if ce := logger.Check(zapcore.DebugLevel, "dropped parameters the model cannot take"); ce != nil {
		ce.Write(zap.String("model", alias), zap.Strings("params", dropped))
	}
}

// newCompletionID makes an OpenAI-style completion id.
func newCompletionID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "chatcmpl-" + hex.EncodeToString(b[:])
}
