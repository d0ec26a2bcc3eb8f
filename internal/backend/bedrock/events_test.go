package bedrockbackend

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
)

type nextResult struct {
	out []byte
	end bool
	err error
}

// nextWithin calls next, failing the test if it waits for bytes that have
// not been sent.
func nextWithin(t *testing.T, s *bedrockEvents) nextResult {
	t.Helper()
	done := make(chan nextResult, 1)
	go func() {
		out, end, err := s.Next(nil)
		r := nextResult{out: out, end: end}
		if err != nil {
			r.err = err
		}
		done <- r
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("next waited for a frame that had not arrived instead of returning the ones that had")
		return nextResult{}
	}
}

func deltas(out []byte) []string {
	var got []string
	for _, line := range strings.Split(string(out), "\n\n") {
		if _, after, ok := strings.Cut(line, `"content":"`); ok {
			got = append(got, after[:strings.IndexByte(after, '"')])
		}
	}
	return got
}

// TestBedrockEventsCoalesceWhatHasArrived: frames that arrive together go
// out together (one write, one flush); a frame still on its way, even half
// of one, never holds back those before it; and a failure that arrives
// with content comes after that content, in a call of its own, as it
// would had it arrived later.
func TestBedrockEventsCoalesceWhatHasArrived(t *testing.T) {
	pr, pw := io.Pipe()
	defer pr.Close()
	s := newBedrockEvents(nil, pr, converse.NewStream(&converse.State{Model: "claude"}, "chatcmpl-1", 1))
	defer s.Close()

	together := fakebedrock.Encode(t, fakebedrock.TextStream(0, "one", "two", "three")[:4]...)
	late := fakebedrock.Encode(t, fakebedrock.Event{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"text":"four"}}`})
	go func() { _, _ = pw.Write(append(together, late[:len(late)/2]...)) }()
	r := nextWithin(t, s)
	if got := deltas(r.out); strings.Join(got, ",") != ",one,two,three" || r.end || r.err != nil {
		t.Fatalf("first call: deltas %q end %v err %v", got, r.end, r.err)
	}

	failure := fakebedrock.Encode(t, fakebedrock.Event{Type: "throttlingException", Exception: true, Payload: `{"message":"Too many tokens"}`})
	go func() { _, _ = pw.Write(append(late[len(late)/2:], failure...)) }()
	r = nextWithin(t, s)
	if got := deltas(r.out); strings.Join(got, ",") != "four" || r.end || r.err != nil {
		t.Fatalf("second call: deltas %q end %v err %v", got, r.end, r.err)
	}
	r = nextWithin(t, s)
	if !r.end || r.err == nil || !strings.Contains(string(r.out), "Too many tokens") {
		t.Fatalf("third call: %s end %v err %v", r.out, r.end, r.err)
	}
}
