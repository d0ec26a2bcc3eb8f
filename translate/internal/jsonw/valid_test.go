package jsonw

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

var validSeeds = []string{
	``, ` `, `{}`, `[]`, `""`, `0`, `-0`, `1.5e+10`, `-`, `01`, `1.`, `1e`, `.5`, `true`, `tru`, `nul`, `null `,
	`{"a":1,"b":[true,false,null,"x\n\"\\\/\b\f\r\t\u00e9"]}`, `{"a":1,}`, `[1,]`, `{"a" 1}`, `{"a":}`, `{1:2}`,
	"\"\x01\"", "\"\x7f\xff\"", `"\x"`, `"\u12G4"`, `"\u12"`, `"abc`, `{"a":1} {}`, `[[[[]]]]`, "\t{\n}\r",
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001), strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	`{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}`,
	// Invalid UTF-8: cut short, overlong, a surrogate, beyond U+10FFFF, a
	// lone continuation byte, in a key, and before a syntax error.
	"\"\xe2\x82\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"a\x80b\"", "{\"\xff\":1}",
	"[\"ok\",\"\xff\"] x", "\"é✓😀\"",
}

func TestValid(t *testing.T) {
	for i, s := range validSeeds {
		if got, want := Valid([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("%d: Valid(%.60q) = %v, json.Valid says %v", i, s, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	deep := strings.Repeat("[", 200000) + strings.Repeat("]", 200000)
	for i, tc := range []struct {
		in    string
		fault Fault
		at    int
	}{
		{`{"a":[1,2]}`, OK, 0},
		{``, Syntax, 0},
		{`{"a":1`, Syntax, 6},
		{`{"a":1} x`, Syntax, 8},
		{`{"a":tru}`, Syntax, 5},
		{deep, TooDeep, 10000},
		{`{"a":` + deep[:10000] + `x`, TooDeep, 5 + 9999},
		{strings.Repeat("[", 10000) + "x", Syntax, 10000},
	} {
		c := Check([]byte(tc.in))
		if c.Fault != tc.fault || c.Fault != OK && c.At != tc.at {
			t.Errorf("%d: Check(%.40q) = %+v, want fault %d at %d", i, tc.in, c, tc.fault, tc.at)
		}
	}
}

func TestCheckUTF8(t *testing.T) {
	for i, tc := range []struct {
		in  string
		bad int
	}{
		{`{"a":"é✓😀","\u00e9":"\ud800"}`, -1},
		{"{\"a\":\"caf\xe9\"}", 9},
		{"{\"\xff\":1}", 2},
		{"[\"ok\xc3\",\"\xff\"]", 4},    // the first of two
		{"\"\xe2\x82\xac\xe2\x82\"", 4}, // a sequence cut short by the quote
		{"\"\xed\xa0\x80\"", 1},         // a surrogate
		{"\"\xef\xbf\xbd\"", -1},        // U+FFFD itself is fine
		{"[\"\xff\", tru]", 2},          // noted even when structure fails later
	} {
		c := Check([]byte(tc.in))
		if c.BadUTF8 != tc.bad {
			t.Errorf("%d: Check(%q).BadUTF8 = %d, want %d", i, tc.in, c.BadUTF8, tc.bad)
		}
	}
}

func FuzzValid(f *testing.F) {
	for _, s := range validSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := Valid(b), json.Valid(b); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid says %v", b, got, want)
		}
		// Check blames nesting exactly when encoding/json does.
		err := json.Unmarshal(b, new(json.RawMessage))
		deep := err != nil && strings.Contains(err.Error(), "exceeded max depth")
		c := Check(b)
		if (c.Fault == TooDeep) != deep {
			t.Fatalf("Check(%.80q) = %+v, encoding/json says %v", b, c, err)
		}
		// Outside its strings valid JSON is ASCII, so its strings are valid
		// UTF-8 exactly when all of it is, and BadUTF8 is where utf8 first
		// finds fault.
		if c.Fault == OK && c.BadUTF8 != firstInvalidUTF8(b) {
			t.Fatalf("Check(%q): invalid UTF-8 at %d, utf8 says %d", b, c.BadUTF8, firstInvalidUTF8(b))
		}
	})
}

// firstInvalidUTF8 is the offset of the first invalid UTF-8 in b, or -1.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func BenchmarkValid(b *testing.B) {
	body := translatetest.ChatBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.Run("jsonw.Valid", func(b *testing.B) {
		for b.Loop() {
			Valid(body)
		}
	})
	b.Run("json.Valid", func(b *testing.B) {
		for b.Loop() {
			json.Valid(body)
		}
	})
}
