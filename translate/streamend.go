package translate

// StreamEnd is the ending every stream transcoder shares: once [DONE] or
// an error event is written, nothing may follow, and the error is kept for
// the caller (to log it, or to answer with its status if nothing was
// sent). A transcoder keeps one and offers its Err and Fail.
type StreamEnd struct {
	terminal bool
	err      *Error
}

// Ended reports whether [DONE] or an error event was written.
func (s *StreamEnd) Ended() bool { return s.terminal }

// Err returns the error the stream ended with, or nil.
func (s *StreamEnd) Err() *Error { return s.err }

// Fail appends an error event for a failure outside the upstream's events
// (e.g. the connection broke). Nothing is written after it.
func (s *StreamEnd) Fail(dst []byte, e *Error) []byte {
	if s.terminal {
		return dst
	}
	s.terminal, s.err = true, e
	dst = append(dst, "data: "...)
	dst = e.AppendJSON(dst)
	return append(dst, "\n\n"...)
}

// Done appends the end of a complete stream.
func (s *StreamEnd) Done(dst []byte) []byte {
	s.terminal = true
	return append(dst, "data: [DONE]\n\n"...)
}
