package jsonw

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestAppendUnquoted(t *testing.T) {
	lits := []string{
		`""`, `"plain"`, `"\"\\\/\b\f\n\r\t"`, `"\u00e9\u00E9 \u0000"`, `"\ud83d\ude00"`,
		`"\ud83d"`, `"\ude00"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, `"raw é 😀"`,
		`"a\u2028b"`, "\"bad \xff\"",
	}
	for _, s := range jsonStringSamples {
		lit, _ := json.Marshal(s)
		lits = append(lits, string(lit))
	}
	for _, lit := range lits {
		var want string
		if err := json.Unmarshal([]byte(lit), &want); err != nil {
			t.Fatalf("%s: %v", lit, err)
		}
		got := AppendUnquoted(nil, []byte(lit))
		// encoding/json replaces invalid UTF-8 while unquoting; the
		// stream leaves that to AppendStringBytes. Compare after both.
		if !sameJSONString(AppendStringBytes(nil, got), AppendString(nil, want)) {
			t.Errorf("%s: got %q, want %q", lit, got, want)
		}
		if utf8.ValidString(lit) && string(got) != want {
			t.Errorf("%s: got %q, want %q", lit, got, want)
		}
	}
	for _, bad := range []string{``, `"`, `x`, `"\u12"`, `"\`} {
		_ = AppendUnquoted(nil, []byte(bad)) // must not panic
	}
}

// sameJSONString reports whether two JSON string literals have the same value.
func sameJSONString(a, b []byte) bool {
	var sa, sb string
	return json.Unmarshal(a, &sa) == nil && json.Unmarshal(b, &sb) == nil && sa == sb
}

func FuzzAppendUnquoted(f *testing.F) {
	f.Add(`"\ud83d\ude00 \u00e9 \n"`)
	f.Add(`"\ud83d\u0041"`)
	f.Fuzz(func(t *testing.T, lit string) {
		got := AppendUnquoted(nil, []byte(lit)) // must not panic
		var want string
		// AppendUnquoted takes exactly a literal: no space around it.
		if !IsString([]byte(lit)) || json.Unmarshal([]byte(lit), &want) != nil {
			return
		}
		if !sameJSONString(AppendStringBytes(nil, got), AppendString(nil, want)) {
			t.Fatalf("%s: got %q, want %q", lit, got, want)
		}
	})
}

func TestUnquoted(t *testing.T) {
	var scratch []byte
	plain := []byte(`"plain text"`)
	if got := Unquoted(plain, &scratch); string(got) != "plain text" || &got[0] != &plain[1] {
		t.Errorf("plain: got %q, want the literal's own bytes", got)
	}
	if got := Unquoted([]byte(`"a\nb\u00e9"`), &scratch); string(got) != "a\nbé" || &got[0] != &scratch[0] {
		t.Errorf("escaped: got %q, want it unquoted into scratch", got)
	}
	for _, lit := range []string{``, `"`, `1`, `null`} {
		if got := Unquoted([]byte(lit), &scratch); got != nil {
			t.Errorf("%q: got %q, want nil", lit, got)
		}
	}
}
