package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// The load generator speaks HTTP/1.1 over a plain net.Conn: the request is
// a byte slice written once per call, and the response parser reads only
// what validation needs, into buffers the client keeps. net/http.Client
// would spend more CPU per request than the cheapest target it measures,
// on the same two cores.

// epoch anchors the monotonic clock every timestamp is read from.
var epoch = time.Now()

func now() time.Duration { return time.Since(epoch) }

// respHead is what the load generator needs of a response's head.
type respHead struct {
	status        int
	contentLength int // -1 when absent
	chunked       bool
	close         bool
	eventStream   bool // Content-Type text/event-stream
	json          bool // Content-Type application/json
}

// readHead parses a status line and headers.
func readHead(br *bufio.Reader) (respHead, error) {
	h := respHead{contentLength: -1}
	line, err := br.ReadSlice('\n')
	if err != nil {
		return h, fmt.Errorf("reading the status line: %w", err)
	}
	// "HTTP/1.1 200 OK\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return h, fmt.Errorf("bad status line %q", line)
	}
	if h.status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return h, fmt.Errorf("bad status line %q", line)
	}
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return h, fmt.Errorf("reading headers: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			return h, nil
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return h, fmt.Errorf("bad header line %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if h.contentLength, err = strconv.Atoi(string(value)); err != nil || h.contentLength < 0 {
				return h, fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			h.chunked = bytes.EqualFold(value, []byte("chunked"))
			if !h.chunked {
				return h, fmt.Errorf("unsupported Transfer-Encoding %q", value)
			}
		case bytes.EqualFold(name, []byte("Connection")):
			h.close = bytes.EqualFold(value, []byte("close"))
		case bytes.EqualFold(name, []byte("Content-Type")):
			h.eventStream = hasPrefixFold(value, "text/event-stream")
			h.json = hasPrefixFold(value, "application/json")
		}
	}
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

// errEnough, returned by a body sink, stops reading a body early without
// failing: a held stream is read only up to its first content.
var errEnough = errors.New("enough of the body")

// bodySink sees a body grow as it arrives: body is everything read so far.
type bodySink interface {
	more(body []byte) error
}

// readBody reads the body described by h into buf[:0], passing it to sink
// (when not nil) after each chunk. Only Content-Length and chunked bodies
// are accepted: a body ended by closing the connection would defeat
// keep-alive, which every target must do.
func readBody(br *bufio.Reader, h respHead, buf []byte, sink bodySink) ([]byte, error) {
	buf = buf[:0]
	switch {
	case h.chunked:
		for {
			line, err := br.ReadSlice('\n')
			if err != nil {
				return buf, fmt.Errorf("reading a chunk size: %w", err)
			}
			size, err := chunkSize(line)
			if err != nil {
				return buf, err
			}
			if size == 0 {
				return buf, skipTrailer(br)
			}
			buf = grow(buf, size)
			if _, err := io.ReadFull(br, buf[len(buf)-size:]); err != nil {
				return buf, fmt.Errorf("reading a chunk: %w", err)
			}
			if crlf, err := br.ReadSlice('\n'); err != nil || string(crlf) != "\r\n" {
				return buf, errors.New("a chunk does not end in CRLF")
			}
			if sink != nil {
				if err := sink.more(buf); err != nil {
					return buf, err
				}
			}
		}
	case h.contentLength >= 0:
		buf = grow(buf, h.contentLength)
		if _, err := io.ReadFull(br, buf); err != nil {
			return buf, fmt.Errorf("reading the body: %w", err)
		}
		if sink != nil {
			return buf, sink.more(buf)
		}
		return buf, nil
	default:
		return buf, errors.New("a body with neither Content-Length nor chunked encoding")
	}
}

// grow extends b by n bytes, reallocating only when it must.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), 2*cap(b)+n)
		copy(nb, b)
		b = nb
	}
	return b[:len(b)+n]
}

// chunkSize parses "1a2b[;ext]\r\n".
func chunkSize(line []byte) (int, error) {
	hex := bytes.TrimRight(line, "\r\n")
	if i := bytes.IndexByte(hex, ';'); i >= 0 {
		hex = hex[:i]
	}
	n, err := strconv.ParseUint(string(bytes.TrimSpace(hex)), 16, 31)
	if err != nil || len(hex) == 0 {
		return 0, fmt.Errorf("bad chunk size line %q", line)
	}
	return int(n), nil
}

// skipTrailer reads trailer fields up to the empty line ending the body.
func skipTrailer(br *bufio.Reader) error {
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return fmt.Errorf("reading the trailer: %w", err)
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return nil
		}
	}
}

// sample is one request's timings, from the first byte written.
type sample struct {
	total, ttfb, ttft time.Duration
}

// client is one keep-alive connection making one request at a time.
type client struct {
	addr string
	conn net.Conn
	br   *bufio.Reader
	body []byte
	n    int // requests made, to pick the ones decoded in full

	// per request, for streams
	start time.Duration
	s     sample
	sse   sseCheck
	held  bool // stop at the first content (held streams)
}

// requestTimeout bounds one request, so a target that hangs fails the run
// instead of stalling it.
const requestTimeout = 30 * time.Second

// do sends req and reads and checks its response.
func (c *client) do(req []byte, stream bool) (sample, error) {
	s, err := c.roundTrip(req, stream)
	if err != nil && c.conn != nil {
		c.conn.Close() // the connection's state is unknown: start afresh
		c.conn = nil
	}
	return s, err
}

func (c *client) roundTrip(req []byte, stream bool) (sample, error) {
	if c.conn == nil {
		conn, err := net.Dial("tcp", c.addr)
		if err != nil {
			return sample{}, err
		}
		c.conn = conn
		if c.br == nil {
			c.br = bufio.NewReaderSize(conn, 32<<10)
		} else {
			c.br.Reset(conn)
		}
	}
	c.n++
	full := c.n%fullEvery == 0
	c.start = now()
	c.s = sample{}
	if err := c.conn.SetDeadline(time.Now().Add(requestTimeout)); err != nil {
		return sample{}, err
	}
	if _, err := c.conn.Write(req); err != nil {
		return sample{}, err
	}
	h, err := readHead(c.br)
	if err != nil {
		return sample{}, err
	}
	if h.status != 200 {
		body, _ := readBody(c.br, h, c.body, nil)
		return sample{}, fmt.Errorf("status %d: %s", h.status, snippet(body))
	}
	var sink bodySink
	if stream {
		if !h.eventStream || !h.chunked {
			return sample{}, errors.New("a stream answered without chunked text/event-stream")
		}
		c.sse = sseCheck{full: full}
		sink = c
	} else if !h.json {
		return sample{}, errors.New("an answer that is not application/json")
	}
	c.body, err = readBody(c.br, h, c.body, sink)
	if err == errEnough {
		return c.s, nil
	}
	if err != nil {
		return sample{}, err
	}
	c.s.total = now() - c.start
	if stream {
		err = c.sse.end(c.body)
	} else {
		err = checkJSON(c.body, full)
	}
	if err != nil {
		return sample{}, err
	}
	if h.close {
		c.conn.Close()
		c.conn = nil
		return c.s, errors.New("the server closed a keep-alive connection")
	}
	return c.s, nil
}

// more timestamps a stream's first byte and first content, and checks its
// events as they complete.
func (c *client) more(body []byte) error {
	t := now() - c.start
	if c.s.ttfb == 0 {
		c.s.ttfb = t
	}
	if err := c.sse.feed(body); err != nil {
		return err
	}
	if c.s.ttft == 0 && c.sse.contents > 0 {
		c.s.ttft = t
		if c.held {
			return errEnough
		}
	}
	return nil
}
