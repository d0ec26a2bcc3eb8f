package translate

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/dustin/go-humanize"
)

// DefaultMaxSSEEvent bounds one server-sent event (all its lines): far
// above any chunk a model streams, low enough that a broken upstream
// cannot make the gateway buffer without limit.
const DefaultMaxSSEEvent = 1 << 20

// ErrSSEEventTooLarge means an upstream event exceeded the scanner's Max;
// the stream cannot be read further. The scanner returns it as an
// *SSEEventTooLargeError, which names the limit: test with errors.Is.
var ErrSSEEventTooLarge = errors.New("an upstream server-sent event exceeds the gateway's size limit")

// SSEEventTooLargeError is the error SSEScanner.Next returns once an event
// exceeds its Max.
type SSEEventTooLargeError struct {
	// Limit is the scanner's Max in bytes.
	Limit int
}

func (e *SSEEventTooLargeError) Error() string {
	return "an upstream server-sent event exceeds the gateway's limit of " + sizeText(e.Limit)
}

// Is makes errors.Is(err, ErrSSEEventTooLarge) hold.
func (e *SSEEventTooLargeError) Is(target error) bool { return target == ErrSSEEventTooLarge }

// StreamEventTooLarge is the error answered, or sent as a stream's last
// event, when provider ("Azure") sent an event larger than limit bytes:
// 502, the upstream's fault, with code stream_event_too_large.
func StreamEventTooLarge(provider string, limit int) *Error {
	return &Error{
		Status: http.StatusBadGateway,
		Type:   ErrUpstream,
		Code:   "stream_event_too_large",
		Kind:   FailUnavailable,
		Message: "the " + provider + " stream sent an event larger than the gateway's limit of " + sizeText(limit) +
			"; the stream cannot be read further",
	}
}

// sizeText names a size as people read it and exactly: "1.0 MiB (1048576 bytes)".
func sizeText(n int) string {
	if n < 0 {
		n = 0
	}
	return humanize.IBytes(uint64(n)) + " (" + strconv.Itoa(n) + " bytes)"
}

// SSEScanner splits a server-sent event stream into the data of its
// events, as the EventSource standard reads it: lines end in \n, \r\n or
// \r; "data:" lines of one event are joined with \n; comments
// (":keep-alive") and the other fields (event, id, retry) are skipped; an
// event ends at a blank line. It is fed the bytes as they arrive, in pieces
// of any size, and does no I/O:
//
//	for {
//		n, err := body.Read(buf)
//		sc.Feed(buf[:n])
//		if err != nil {
//			sc.End() // the upstream closed: a last unterminated event counts
//		}
//		for {
//			data, ok, scanErr := sc.Next()
//			if scanErr != nil { /* fail the stream */ }
//			if !ok { break }
//			out, terminal = stream.Event(out[:0], data)
//			...
//		}
//		if err != nil { break }
//	}
//
// The zero value is ready; Max defaults to DefaultMaxSSEEvent.
type SSEScanner struct {
	// Max bounds the bytes of one event, its field names and line ends
	// included.
	Max int

	buf     []byte // input not yet consumed, from off
	off     int
	data    []byte // the data of the event being read
	hasData bool
	size    int // bytes of the event being read so far
	sent    bool
	err     error
}

// Feed adds input. The scanner keeps its own copy.
func (s *SSEScanner) Feed(p []byte) {
	s.makeRoom(len(p))
	s.buf = append(s.buf, p...)
}

// Space returns room for at least n bytes of input after what the scanner
// holds, to read input into without a copy in between; Commit then adds
// the first k bytes of it. Events returned before stay valid until then.
func (s *SSEScanner) Space(n int) []byte {
	s.makeRoom(n)
	if cap(s.buf)-len(s.buf) < n {
		s.buf = slices.Grow(s.buf, n)
	}
	return s.buf[len(s.buf):cap(s.buf)]
}

// Commit adds the first k bytes of the last Space as input.
func (s *SSEScanner) Commit(k int) { s.buf = s.buf[:len(s.buf)+k] }

// UseBuffer makes buf's room the scanner's input buffer, for example one
// from a pool; Release takes it back once the stream is done.
func (s *SSEScanner) UseBuffer(buf []byte) { s.buf, s.off = buf[:0], 0 }

// Release returns the input buffer, which the scanner no longer uses.
func (s *SSEScanner) Release() []byte {
	b := s.buf[:0]
	s.buf, s.off = nil, 0
	return b
}

// makeRoom drops consumed input: all of it when nothing is pending, else
// by moving what is pending to the front when n more bytes would not fit.
func (s *SSEScanner) makeRoom(n int) {
	if s.off == len(s.buf) {
		s.buf, s.off = s.buf[:0], 0
	} else if s.off > 0 && len(s.buf)+n > cap(s.buf) {
		k := copy(s.buf, s.buf[s.off:])
		s.buf, s.off = s.buf[:k], 0
	}
}

// End marks the end of the input: a last event whose blank line never
// came is completed (an event cut off mid-line is too; the stream
// transcoder judges whether what it says is whole).
func (s *SSEScanner) End() { s.Feed([]byte("\n\n")) }

// Next returns the data of the next complete event, valid until the next
// call to Feed or Next. ok is false when more input is needed. Once an
// event exceeds Max, Next keeps returning an *SSEEventTooLargeError.
func (s *SSEScanner) Next() (data []byte, ok bool, err error) {
	if s.err != nil {
		return nil, false, s.err
	}
	if s.sent {
		s.data, s.hasData, s.sent = s.data[:0], false, false
	}
	max := s.Max
	if max <= 0 {
		max = DefaultMaxSSEEvent
	}
	for {
		in := s.buf[s.off:]
		end, next := sseLineEnd(in)
		if next < 0 {
			if s.size+len(in) > max {
				s.err = &SSEEventTooLargeError{Limit: max}
				return nil, false, s.err
			}
			return nil, false, nil
		}
		line := in[:end]
		s.off += next
		s.size += next
		if s.size > max {
			s.err = &SSEEventTooLargeError{Limit: max}
			return nil, false, s.err
		}
		if len(line) == 0 {
			s.size = 0
			if s.hasData {
				s.sent = true
				return s.data, true, nil
			}
			continue
		}
		field, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], line[i+1:]
			if len(value) > 0 && value[0] == ' ' {
				value = value[1:]
			}
		}
		if string(field) != "data" {
			continue // a comment (empty field), event, id, retry, or unknown
		}
		if s.hasData {
			s.data = append(s.data, '\n')
		}
		s.data = append(s.data, value...)
		s.hasData = true
	}
}

// sseLineEnd finds the first line in b: end is where its text ends, next
// where the following line starts; next is -1 if the line is not complete
// yet. A \r at the very end may be the first half of \r\n: it waits.
func sseLineEnd(b []byte) (end, next int) {
	for i, c := range b {
		switch c {
		case '\n':
			return i, i + 1
		case '\r':
			if i+1 == len(b) {
				return -1, -1
			}
			if b[i+1] == '\n' {
				return i, i + 2
			}
			return i, i + 1
		}
	}
	return -1, -1
}
