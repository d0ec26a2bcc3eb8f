package translate

import (
	"testing"
	"unicode/utf8"
)

// splitThink runs text through a splitter in pieces cut at the given
// offsets and returns the reasoning and content.
func splitThink(text string, cuts ...int) (reasoning, content string) {
	var t ThinkSplitter
	var r, c []byte
	prev := 0
	for _, cut := range cuts {
		if cut < prev || cut > len(text) {
			continue
		}
		r, c = t.Feed(r, c, []byte(text[prev:cut]))
		prev = cut
	}
	r, c = t.Feed(r, c, []byte(text[prev:]))
	r, c = t.Flush(r, c)
	return string(r), string(c)
}

func TestThinkSplitter(t *testing.T) {
	for _, tc := range []struct {
		name, in, reasoning, content string
	}{
		{"plain", "Hello there", "", "Hello there"},
		{"empty", "", "", ""},
		{"whitespace only", " \n ", "", " \n "},
		{"leading whitespace kept without tag", "\n\nHello", "", "\n\nHello"},
		{"deepseek", "<think>\nLet me think.\nMore.\n</think>\n\nThe answer is 4.", "Let me think.\nMore.", "The answer is 4."},
		{"whitespace before tag", "  \n<think>x</think>y", "x", "y"},
		{"empty reasoning", "<think></think>Answer", "", "Answer"},
		{"empty reasoning with space", "<think>\n\n</think>\n\nAnswer", "", "Answer"},
		{"tag not at start", "Answer <think>no</think>", "", "Answer <think>no</think>"},
		{"partial open tag then text", "<thin k", "", "<thin k"},
		{"partial open tag at end", "<thi", "", "<thi"},
		{"lt then other", "<b>bold</b>", "", "<b>bold</b>"},
		{"double lt", "<<think>", "", "<<think>"},
		{"unclosed", "<think>\nstill thinking \n", "still thinking", ""},
		{"unclosed with partial close tag", "<think>abc </thi", "abc </thi", ""},
		{"close tag inside reasoning split by lt", "<think>a < b</think>c", "a < b", "c"},
		{"false close", "<think>a </thinker> b</think>c", "a </thinker> b", "c"},
		{"lt lt close", "<think>a <</think>c", "a <", "c"},
		{"nested open tag is text", "<think>a<think>b</think>c", "a<think>b", "c"},
		{"second close is content", "<think>a</think>b</think>", "a", "b</think>"},
		{"inner whitespace kept", "<think>a \n b</think> c d ", "a \n b", "c d "},
		{"unicode", "<think>é ✓</think>日本", "é ✓", "日本"},
		{"crlf", "\r\n<think>\r\nx\r\n</think>\r\ny", "x", "y"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, c := splitThink(tc.in)
			if r != tc.reasoning || c != tc.content {
				t.Errorf("got reasoning %q content %q\nwant reasoning %q content %q", r, c, tc.reasoning, tc.content)
			}
			// Every split gives the same result, one byte at a time included.
			for cut := 0; cut <= len(tc.in); cut++ {
				if r2, c2 := splitThink(tc.in, cut); r2 != r || c2 != c {
					t.Errorf("split at %d: reasoning %q content %q", cut, r2, c2)
				}
			}
			cuts := make([]int, len(tc.in))
			for i := range cuts {
				cuts[i] = i
			}
			if r2, c2 := splitThink(tc.in, cuts...); r2 != r || c2 != c {
				t.Errorf("byte by byte: reasoning %q content %q", r2, c2)
			}
		})
	}
}

// TestThinkSplitterHoldsLittle checks that only what may be a tag, or
// whitespace that may be trailing, is held back.
func TestThinkSplitterHoldsLittle(t *testing.T) {
	var s ThinkSplitter
	r, c := s.Feed(nil, nil, []byte("<think>reasoning so far </th"))
	if string(r) != "reasoning so far" || len(c) != 0 || string(s.pending) != " </th" {
		t.Errorf("reasoning %q content %q pending %q", r, c, s.pending)
	}
	r, c = s.Feed(nil, nil, []byte("ink>\n"))
	if len(r) != 0 || len(c) != 0 || len(s.pending) != 0 {
		t.Errorf("after close: reasoning %q content %q pending %q", r, c, s.pending)
	}
	r, c = s.Feed(nil, nil, []byte("answer"))
	if len(r) != 0 || string(c) != "answer" || !s.Passing() {
		t.Errorf("answer: reasoning %q content %q passing %v", r, c, s.Passing())
	}
}

// FuzzThinkSplit: feeding the text in arbitrary pieces gives the same
// reasoning and content as feeding it whole, and no byte is invented: the
// output is made of the input's bytes, in order, minus tags and the
// whitespace the rules drop.
func FuzzThinkSplit(f *testing.F) {
	for _, seed := range []string{
		"<think>\nreasoning\n</think>\n\nanswer",
		"<think>a < b </thin</think>c",
		"  <thi",
		"plain answer",
		"<think>unclosed",
		"<<think></think>",
	} {
		f.Add(seed, uint8(3), uint8(7))
	}
	f.Fuzz(func(t *testing.T, text string, a, b uint8) {
		wr, wc := splitThink(text)
		if gr, gc := splitThink(text, int(a), int(a)+int(b)); gr != wr || gc != wc {
			t.Fatalf("split at %d,%d: reasoning %q content %q; whole: reasoning %q content %q", a, int(a)+int(b), gr, gc, wr, wc)
		}
		if len(wr)+len(wc) > len(text) {
			t.Fatalf("output longer than input: %q %q from %q", wr, wc, text)
		}
		if utf8.ValidString(text) && (!utf8.ValidString(wr) || !utf8.ValidString(wc)) {
			t.Fatalf("split a UTF-8 sequence: %q %q from %q", wr, wc, text)
		}
	})
}
