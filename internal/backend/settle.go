package backend

import (
	"errors"
	"io"
	"time"
)

// After an upstream's answer has ended by its own account (an SSE
// stream's [DONE]; a Bedrock event stream ends with its body), what is
// left of its body is usually just the chunked encoding's last chunk, on
// its way or already there. It is read before the body is closed, since
// over HTTP/1.1 a body closed unread costs its connection (the next call
// pays for a new one, with TLS a handshake too), and over HTTP/2 it
// resets the stream, which the upstream may count as a cancelled call. An
// upstream that sends more, or nothing, is cut off.
const (
	settleLimit = 4 << 10
	settleWait  = 250 * time.Millisecond
)

// AnswerEnded marks the upstream's answer as complete, before the client
// is sent its end: the client may then leave at once (most SDKs close the
// response at [DONE]), which must no longer cancel the call while Settle
// reads the body's end.
func (c *Call) AnswerEnded() { c.stopClientWatch() }

// Settle reads body to its end, within settleLimit and settleWait.
func (c *Call) Settle(body io.Reader) {
	t := time.AfterFunc(settleWait, func() { c.cancel(errSettled) })
	_, _ = io.CopyN(io.Discard, body, settleLimit)
	t.Stop()
}

var errSettled = errors.New("the upstream sent nothing more after its answer ended")

// DrainAndClose lets a keep-alive upstream connection be reused.
func DrainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4096)
	_ = body.Close()
}
