package bedrockbackend

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// frameTranscoder is a Bedrock event-stream answer's transcoder, Converse's
// or InvokeModel's.
type frameTranscoder interface {
	Message(dst []byte, msg *eventstream.Message) ([]byte, bool)
	End(dst []byte) []byte
	Fail(dst []byte, e *translate.Error) []byte
	Err() *translate.Error
	Usage() translate.Usage
}

// bedrockEvents reads a Bedrock event stream frame by frame.
type bedrockEvents struct {
	c    *backend.Call
	body io.ReadCloser
	in   *bufio.Reader
	dec  *eventstream.Decoder
	msg  eventstream.Message
	tr   frameTranscoder
	// payload is reused from frame to frame.
	payload []byte
	// held is a failure's output, kept for the call after the one that
	// returns the events before it.
	held    []byte
	heldErr *translate.Error
}

// coalesceLimit bounds the events one next call gathers from what has
// already arrived, so a fast upstream's backlog still goes out in pieces.
const coalesceLimit = 32 << 10

// framesIn are the buffers streams read through; a stream's frames are
// small, so one size fits all and nothing is allocated per stream.
var framesIn = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 16<<10) }}

func newBedrockEvents(c *backend.Call, body io.ReadCloser, tr frameTranscoder) *bedrockEvents {
	in := framesIn.Get().(*bufio.Reader)
	in.Reset(body)
	return &bedrockEvents{c: c, body: body, in: in, dec: eventstream.NewDecoder(), tr: tr}
}

// next transcodes the next frame, and with it every further frame that has
// already arrived whole: one write and one flush for what came together,
// while a frame still on its way never holds back the ones before it. A
// failure among them is returned by the following call, after what came
// before it, so that what a client sees does not depend on how the
// upstream's bytes happened to be split into reads.
func (s *bedrockEvents) Next(dst []byte) ([]byte, bool, *translate.Error) {
	if s.heldErr != nil {
		return append(dst, s.held...), true, s.heldErr
	}
	start := len(dst)
	for {
		before := len(dst)
		out, end, err := s.one(dst)
		if err != nil && before > start {
			s.held, s.heldErr = append(s.held[:0], out[before:]...), err
			return out[:before], false, nil
		}
		if end || len(out) >= coalesceLimit || !s.frameBuffered() {
			return out, end, err
		}
		dst = out
	}
}

// one transcodes one frame.
func (s *bedrockEvents) one(dst []byte) ([]byte, bool, *translate.Error) {
	msg, err := s.dec.Decode(s.in, s.payload[:0])
	if err != nil {
		if errors.Is(err, io.EOF) {
			return s.tr.End(dst), true, s.tr.Err()
		}
		e := s.c.StreamError(err, "Bedrock")
		if e == backend.ErrClientGone {
			return dst, true, e
		}
		return s.tr.Fail(dst, e), true, e
	}
	s.payload, s.msg = msg.Payload, msg
	out, terminal := s.tr.Message(dst, &s.msg)
	if terminal {
		// An error event: a Bedrock stream that ends well ends with its
		// body, read to the end above.
		return out, true, s.tr.Err()
	}
	return out, false, nil
}

// frameBuffered reports whether a whole frame is already read: a frame
// starts with its total length, big-endian.
func (s *bedrockEvents) frameBuffered() bool {
	n := s.in.Buffered()
	if n < 4 {
		return false
	}
	prelude, _ := s.in.Peek(4)
	return uint64(n) >= uint64(binary.BigEndian.Uint32(prelude))
}

func (s *bedrockEvents) Usage() translate.Usage { return s.tr.Usage() }

func (s *bedrockEvents) Close() {
	_ = s.body.Close()
	if s.in != nil {
		s.in.Reset(nil)
		framesIn.Put(s.in)
		s.in = nil
	}
}
