package main

import (
	"bufio"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
)

// oneByte reads a response a byte at a time, as the slowest network would
// deliver it.
func oneByte(s string) *bufio.Reader {
	return bufio.NewReaderSize(iotest.OneByteReader(strings.NewReader(s)), 4096)
}

func TestReadHead(t *testing.T) {
	for i, tc := range []struct {
		in      string
		want    respHead
		wantErr bool
	}{
		{in: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n",
			want: respHead{status: 200, contentLength: 12, json: true}},
		{in: "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: Chunked\r\n\r\n",
			want: respHead{status: 200, contentLength: -1, chunked: true, eventStream: true}},
		{in: "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
			want: respHead{status: 502, contentLength: 0, close: true}},
		{in: "HTTP/1.1 200\r\n\r\n", want: respHead{status: 200, contentLength: -1}},
		{in: "HTTP/2 200\r\n\r\n", wantErr: true},
		{in: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", wantErr: true},
		{in: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", wantErr: true},
		{in: "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", wantErr: true},
		{in: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n", wantErr: true}, // cut short
	} {
		got, err := readHead(oneByte(tc.in))
		if (err != nil) != tc.wantErr {
			t.Errorf("%d: error %v, want error %v", i, err, tc.wantErr)
			continue
		}
		if err == nil && got != tc.want {
			t.Errorf("%d: got %+v, want %+v", i, got, tc.want)
		}
	}
}

// bodyLog records what a sink saw.
type bodyLog struct{ seen []string }

func (b *bodyLog) more(body []byte) error {
	b.seen = append(b.seen, string(body))
	return nil
}

func TestReadBody(t *testing.T) {
	for i, tc := range []struct {
		head    respHead
		in      string
		want    string
		seen    []string
		wantErr bool
	}{
		{head: respHead{contentLength: 5}, in: "hello", want: "hello", seen: []string{"hello"}},
		{head: respHead{contentLength: 0}, in: "", want: "", seen: []string{""}},
		{head: respHead{contentLength: 6}, in: "short", wantErr: true},
		{head: respHead{chunked: true}, in: "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n",
			want: "hello, world", seen: []string{"hello", "hello, world"}},
		{head: respHead{chunked: true}, in: "A\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n",
			want: "0123456789", seen: []string{"0123456789"}},
		{head: respHead{chunked: true}, in: "5\r\nhello", wantErr: true},
		{head: respHead{chunked: true}, in: "5\r\nhelloXX0\r\n\r\n", wantErr: true},
		{head: respHead{chunked: true}, in: "zz\r\n", wantErr: true},
		{head: respHead{contentLength: -1}, in: "until close", wantErr: true},
	} {
		var log bodyLog
		got, err := readBody(oneByte(tc.in), tc.head, make([]byte, 0, 2), &log)
		if (err != nil) != tc.wantErr {
			t.Errorf("%d: error %v, want error %v", i, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if string(got) != tc.want || strings.Join(log.seen, "|") != strings.Join(tc.seen, "|") {
			t.Errorf("%d: got %q seen %q, want %q seen %q", i, got, log.seen, tc.want, tc.seen)
		}
	}
}

// TestClientAgainstFake runs the load generator's client against the fake
// on net/http, over one kept-alive connection: both answer shapes pass
// validation, and a stream's first byte comes no later than its first
// content.
func TestClientAgainstFake(t *testing.T) {
	srv := httptest.NewServer(newFake())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	c := &client{addr: addr}
	defer func() {
		if c.conn != nil {
			c.conn.Close()
		}
	}()
	for i := range 2 * fullEvery { // every response, some decoded in full
		stream := i%2 == 1
		s, err := c.do(rawRequest(addr, requestBody(fakeModel, stream)), stream)
		if err != nil {
			t.Fatalf("request %d (stream %v): %v", i, stream, err)
		}
		if s.total <= 0 || stream && (s.ttfb <= 0 || s.ttft < s.ttfb || s.total < s.ttft) {
			t.Fatalf("request %d: timings %+v", i, s)
		}
	}
	first := c.conn
	if _, err := c.do(rawRequest(addr, requestBody(fakeModel, false)), false); err != nil || c.conn != first {
		t.Fatalf("the connection was not kept alive (err %v)", err)
	}
}

// TestClientRefusesErrors: a target answering an error must count as
// failing, whatever its speed.
func TestClientRefusesErrors(t *testing.T) {
	srv := httptest.NewServer(newFake())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	req := []byte("POST /nowhere HTTP/1.1\r\nHost: " + addr + "\r\nContent-Length: 0\r\n\r\n")
	c := &client{addr: addr}
	if _, err := c.do(req, false); err == nil || !strings.Contains(err.Error(), "status 404") {
		t.Fatalf("got %v, want a status 404 error", err)
	}
	if c.conn != nil {
		t.Fatal("the connection was kept after an error")
	}
}

// TestClientHeldStream: a held stream is read up to its first content and
// its connection stays open.
func TestClientHeldStream(t *testing.T) {
	f := newFake()
	f.hold.Store(true)
	srv := httptest.NewServer(f)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	c := &client{addr: addr, held: true}
	s, err := c.do(rawRequest(addr, requestBody(fakeModel, true)), true)
	if err != nil || s.ttft <= 0 || c.conn == nil {
		t.Fatalf("got %+v, %v, connection %v", s, err, c.conn)
	}
	c.conn.Close()
}
