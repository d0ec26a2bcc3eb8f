package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestAppendString(t *testing.T) {
	for i, s := range []string{
		"", "plain", `quote " and \ backslash`, "line\nbreak\ttab\r", "\x00\x01\x1f",
		"héllo wörld ✓ 😀", "bad \xff utf8", "<script>&</script>", "sep\u2028\u2029",
	} {
		got := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%d: %s is not valid JSON: %v", i, got, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("%d: round trip %q, want %q", i, back, wantBack)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("hello \"world\"\n")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		got := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q encoded to invalid JSON %s: %v", s, got, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Fatalf("round trip %q, want %q", back, wantBack)
		}
	})
}

var jsonStringSamples = []string{
	"", "plain", `quote " and \ backslash`, "line\nbreak\ttab\r", "\x00\x01\x1f\x7f",
	"héllo wörld ✓ 😀", "bad \xff utf8 \xe2\x80", "<script>&</script>", "sep\u2028\u2029",
}

func TestAppendStringBytes(t *testing.T) {
	for _, s := range jsonStringSamples {
		if got, want := AppendStringBytes([]byte("x"), []byte(s)), AppendString([]byte("x"), s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func BenchmarkAppendString(b *testing.B) {
	s := "Grüße, \"world\" — naïve café ✓ with a newline\n and more text to copy through"
	bs := []byte(s)
	dst := make([]byte, 0, 256)
	b.ReportAllocs()
	b.Run("string", func(b *testing.B) {
		for b.Loop() {
			dst = AppendString(dst[:0], s)
		}
	})
	b.Run("bytes", func(b *testing.B) {
		for b.Loop() {
			dst = AppendStringBytes(dst[:0], bs)
		}
	})
}
