package azurebackend

import (
	"bytes"
	"errors"
	"io"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	aztranslate "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/azure"
)

// sseBody is an Azure stream's body, read straight into its scanner's
// pooled buffer.
type sseBody struct {
	c    *backend.Call
	body io.ReadCloser
	sc   translate.SSEScanner
	pool *[]byte
	// eof is set once the body is read to its end; finished once the
	// answer ended by its own account ([DONE] or a finish), the body's
	// end perhaps still to come.
	eof, finished bool
}

func newSSEBody(c *backend.Call, body io.ReadCloser) sseBody {
	s := sseBody{c: c, body: c.Watch(body), pool: backend.ReadBufs.Get()}
	s.sc.UseBuffer(*s.pool)
	return s
}

// read reads what has arrived into the scanner.
func (s *sseBody) read() error {
	room := s.sc.Space(4 << 10)
	n, err := s.body.Read(room)
	s.sc.Commit(n)
	if errors.Is(err, io.EOF) {
		s.eof = true
		s.sc.End() // a last event without its blank line still counts
	}
	return err
}

// ended notes the answer's end, complete or not.
func (s *sseBody) ended(complete bool) {
	if s.finished = complete && !s.eof; s.finished {
		s.c.AnswerEnded()
	}
}

func (s *sseBody) Close() {
	if s.finished {
		s.c.Settle(s.body)
	}
	_ = s.body.Close()
	backend.ReadBufs.Put(s.pool, s.sc.Release())
	s.pool = nil
}

// azureEvents reads Azure's server-sent events: each read's complete
// events are transcoded together.
type azureEvents struct {
	sseBody
	tr *aztranslate.Stream

	wantUsage, optionsDropped bool
	logger                    *zap.Logger
	alias                     string
}

func (s *azureEvents) Next(dst []byte) ([]byte, bool, *translate.Error) {
	readErr := s.read()
	out := dst
	for {
		data, ok, scanErr := s.sc.Next()
		if scanErr != nil {
			e := backend.StreamInterrupted("Azure")
			var tooLarge *translate.SSEEventTooLargeError
			if errors.As(scanErr, &tooLarge) {
				e = translate.StreamEventTooLarge("Azure", tooLarge.Limit)
			}
			return s.tr.Fail(out, e), true, e
		}
		if !ok {
			break
		}
		var terminal bool
		if out, terminal = s.tr.Event(out, data); terminal {
			err := s.tr.Err()
			s.ended(err == nil)
			return out, true, err
		}
	}
	switch {
	case readErr == nil:
		return out, false, nil
	case errors.Is(readErr, io.EOF):
		out = s.tr.End(out)
		s.noteMissingUsage()
		return out, true, s.tr.Err()
	}
	e := s.c.StreamError(readErr, "Azure")
	if e == backend.ErrClientGone {
		return out, true, e
	}
	return s.tr.Fail(out, e), true, e
}

// noteMissingUsage says, at debug level, why a client that asked for
// stream usage got none.
func (s *azureEvents) noteMissingUsage() {
	if !s.wantUsage || s.tr.Usage() != (translate.Usage{}) {
		return
	}
	if ce := s.logger.Check(zapcore.DebugLevel, "the client asked for stream usage; the model reported none"); ce != nil {
		ce.Write(zap.String("model", s.alias), zap.Bool("stream_options_removed", s.optionsDropped))
	}
}

func (s *azureEvents) Usage() translate.Usage { return s.tr.Usage() }

// azureTextEvents relays a text completions stream with each event's
// model set to the alias.
type azureTextEvents struct {
	sseBody
	alias string
	used  translate.Usage
	end   translate.StreamEnd
	// sent is set once an event was relayed; finish once one carried a
	// finish_reason.
	sent, finish bool
}

func (s *azureTextEvents) Next(dst []byte) ([]byte, bool, *translate.Error) {
	readErr := s.read()
	for {
		data, ok, scanErr := s.sc.Next()
		if scanErr != nil {
			return s.fail(dst, backend.StreamInterrupted("Azure"))
		}
		if !ok {
			break
		}
		if string(data) == "[DONE]" {
			s.ended(true)
			return s.end.Done(dst), true, nil
		}
		head, model, tail, usage, terr := aztranslate.Splice(data, s.alias)
		if terr != nil {
			return s.fail(dst, terr)
		}
		if usage != (translate.Usage{}) {
			s.used = usage
		}
		s.sent = true
		s.finish = s.finish || bytes.Contains(data, finishGiven)
		dst = append(append(append(append(append(dst, "data: "...), head...), model...), tail...), "\n\n"...)
	}
	switch {
	case readErr == nil:
		return dst, false, nil
	case errors.Is(readErr, io.EOF) && s.finish:
		// Complete but for [DONE], which the client is still owed.
		return s.end.Done(dst), true, nil
	case errors.Is(readErr, io.EOF) && !s.sent:
		return s.fail(dst, translate.BadUpstream("the Azure text completions stream ended without an event"))
	case errors.Is(readErr, io.EOF):
		return s.fail(dst, backend.StreamInterrupted("Azure"))
	}
	e := s.c.StreamError(readErr, "Azure")
	if e == backend.ErrClientGone {
		return dst, true, e
	}
	return s.fail(dst, e)
}

// finishGiven is how an event with a finish_reason reads.
var finishGiven = []byte(`"finish_reason":"`)

// fail ends the stream with e, as an error event for a client already
// reading.
func (s *azureTextEvents) fail(dst []byte, e *translate.Error) ([]byte, bool, *translate.Error) {
	return s.end.Fail(dst, e), true, e
}

func (s *azureTextEvents) Usage() translate.Usage { return s.used }
