package translate

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSSEScanner(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
		err  bool
	}{
		{name: "lf", in: "data: a\n\ndata: b\n\n", want: []string{"a", "b"}},
		{name: "crlf", in: "data: a\r\n\r\ndata: b\r\n\r\n", want: []string{"a", "b"}},
		{name: "cr", in: "data: a\r\rdata: b\r\r", want: []string{"a", "b"}},
		{name: "no space", in: "data:a\n\n", want: []string{"a"}},
		{name: "two spaces keep one", in: "data:  a\n\n", want: []string{" a"}},
		{name: "multi-line", in: "data: {\"a\":\ndata: 1}\n\n", want: []string{"{\"a\":\n1}"}},
		{name: "comments and fields", in: ": keep-alive\n\nevent: x\nid: 3\nretry: 10\ndata: a\nfoo\n\n", want: []string{"a"}},
		{name: "field without colon", in: "data\n\n", want: []string{""}},
		{name: "empty data dispatches", in: "data:\n\n", want: []string{""}},
		{name: "no data no event", in: "event: ping\n\n", want: nil},
		{name: "unterminated at end", in: "data: a\n\ndata: [DONE]", want: []string{"a", "[DONE]"}},
		{name: "cr at end", in: "data: x\r", want: []string{"x"}},
		{name: "too large", in: "data: " + strings.Repeat("x", 100) + "\n\n", err: true},
		{name: "too large unterminated", in: "data: " + strings.Repeat("x", 100), err: true},
		{name: "too large in many lines", in: strings.Repeat("data: xxxxxxxxxxxx\n", 10) + "\n", err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, step := range []int{0, 1, 3} {
				sc := SSEScanner{Max: 64}
				var got []string
				var err error
				in := []byte(tc.in)
				if step == 0 {
					step = len(in) + 1
				}
			feed:
				for off := 0; ; off += step {
					end := min(off+step, len(in))
					if off < len(in) {
						sc.Feed(in[off:end])
					}
					if end >= len(in) {
						sc.End()
					}
					for {
						d, ok, e := sc.Next()
						if e != nil {
							err = e
							break feed
						}
						if !ok {
							break
						}
						got = append(got, string(d))
					}
					if end >= len(in) {
						break
					}
				}
				if (err != nil) != tc.err {
					t.Fatalf("step %d: error %v", step, err)
				}
				if !tc.err && fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("step %d: got %q, want %q", step, got, tc.want)
				}
			}
		})
	}
}

func TestSSEScannerDefaultMax(t *testing.T) {
	var sc SSEScanner
	sc.Feed([]byte("data: " + strings.Repeat("x", DefaultMaxSSEEvent-16) + "\n\n"))
	if d, ok, err := sc.Next(); !ok || err != nil || len(d) != DefaultMaxSSEEvent-16 {
		t.Fatalf("near the limit: ok %v err %v", ok, err)
	}
	sc.Feed([]byte("data: " + strings.Repeat("x", DefaultMaxSSEEvent)))
	_, _, err := sc.Next()
	var tooLarge *SSEEventTooLargeError
	if !errors.Is(err, ErrSSEEventTooLarge) || !errors.As(err, &tooLarge) || tooLarge.Limit != DefaultMaxSSEEvent {
		t.Fatalf("beyond the limit: %v", err)
	}
	if want := "an upstream server-sent event exceeds the gateway's limit of 1.0 MiB (1048576 bytes)"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	sc.Feed([]byte("\n\ndata: a\n\n"))
	if _, _, err := sc.Next(); !errors.Is(err, ErrSSEEventTooLarge) {
		t.Fatalf("the error is not sticky: %v", err)
	}
}

// TestSSEEventTooLarge: the error a handler answers for an event over the
// limit names the limit, whatever the scanner's Max.
func TestSSEEventTooLarge(t *testing.T) {
	for _, tc := range []struct {
		max   int
		feed  string
		limit string
	}{
		{max: 64, feed: "data: " + strings.Repeat("x", 100), limit: "64 B (64 bytes)"},
		{max: 3 << 20, feed: "data: " + strings.Repeat("x", 3<<20) + "\n", limit: "3.0 MiB (3145728 bytes)"},
		{max: 1536, feed: ": " + strings.Repeat("k", 2000) + "\n\n", limit: "1.5 KiB (1536 bytes)"},
	} {
		sc := SSEScanner{Max: tc.max}
		sc.Feed([]byte(tc.feed))
		_, _, err := sc.Next()
		var tooLarge *SSEEventTooLargeError
		if !errors.As(err, &tooLarge) {
			t.Fatalf("max %d: %v", tc.max, err)
		}
		if !strings.HasSuffix(err.Error(), "limit of "+tc.limit) {
			t.Errorf("max %d: %q", tc.max, err)
		}
		e := StreamEventTooLarge("Azure", tooLarge.Limit)
		want := Error{Status: http.StatusBadGateway, Type: ErrUpstream, Code: "stream_event_too_large", Kind: FailUnavailable,
			Message: "the Azure stream sent an event larger than the gateway's limit of " + tc.limit + "; the stream cannot be read further"}
		if *e != want {
			t.Errorf("max %d: got %+v\nwant %+v", tc.max, *e, want)
		}
		if !e.Retryable() {
			t.Errorf("max %d: a new request may stream differently, and should be retryable", tc.max)
		}
	}
}

// BenchmarkSSEScanner measures splitting a recorded stream into events.
func BenchmarkSSEScanner(b *testing.B) {
	sse, err := os.ReadFile(filepath.Join("azure", "testdata", "stream", "openai_text.sse")) // a recorded Azure stream
	if err != nil {
		b.Fatal(err)
	}
	var sc SSEScanner
	b.ReportAllocs()
	b.SetBytes(int64(len(sse)))
	for b.Loop() {
		sc.Feed(sse)
		for {
			_, ok, err := sc.Next()
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
		}
	}
}
