package translatetest

import (
	"encoding/json"
	"strings"
	"testing"
)

// SSEData splits SSE text into the data of its events, failing on
// anything that is not a "data: ...\n\n" event.
func SSEData(t testing.TB, sse []byte) []string {
	t.Helper()
	s := string(sse)
	if s == "" {
		return nil
	}
	if !strings.HasSuffix(s, "\n\n") {
		t.Fatalf("SSE does not end with a blank line: %q", s)
	}
	var out []string
	for _, ev := range strings.Split(strings.TrimSuffix(s, "\n\n"), "\n\n") {
		data, ok := strings.CutPrefix(ev, "data: ")
		if !ok || strings.Contains(data, "\n") {
			t.Fatalf("not a single data line: %q", ev)
		}
		out = append(out, data)
	}
	return out
}

// CheckSSE checks that every event is [DONE] or a JSON object, and that
// nothing follows [DONE] or an error.
func CheckSSE(t testing.TB, sse []byte) {
	t.Helper()
	data := SSEData(t, sse)
	for i, d := range data {
		last := i == len(data)-1
		if d == "[DONE]" {
			if !last {
				t.Fatalf("events after [DONE]: %q", sse)
			}
			continue
		}
		if !json.Valid([]byte(d)) || d[0] != '{' {
			t.Fatalf("event %d is not a JSON object: %q", i, d)
		}
		if strings.HasPrefix(d, `{"error":`) && !last {
			t.Fatalf("events after an error: %q", sse)
		}
	}
}
