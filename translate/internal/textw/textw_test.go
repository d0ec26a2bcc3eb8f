package textw

import "testing"

func TestValidBase64(t *testing.T) {
	valid := []string{"iVBORw0KGgo=", "/9j/4AAQSkZJRg==", "AAAA", "A+/9"}
	invalid := []string{"", "AAA", "AAAAA", "AA=A", "A===", "====", "AAA=AAA=",
		"AA-_", // the URL alphabet
		"AA\nA", "AA A"}
	for i, texts := range [][]string{invalid, valid} {
		want := i == 1
		for _, s := range texts {
			if got := ValidBase64(s); got != want {
				t.Errorf("ValidBase64(%q) = %v", s, got)
			}
			if got := ValidBase64([]byte(s)); got != want {
				t.Errorf("ValidBase64([]byte(%q)) = %v", s, got)
			}
		}
	}
}

func TestSplitDataURL(t *testing.T) {
	for _, tc := range []struct {
		url, mediaType, data string
		ok                   bool
	}{
		{"data:image/png;base64,AAAA", "image/png", "AAAA", true},
		{"DATA:Image/PNG;BASE64,AAAA", "Image/PNG", "AAAA", true},
		{"Data:image/png;Base64,AA,A", "image/png", "AA,A", true},
		{"data:text/plain;charset=utf-8;base64,AAAA", "text/plain", "AAAA", true},
		{"data:;base64,AAAA", "", "AAAA", true},
		{"data:;base64,", "", "", true},
		{"data:image/png,AAAA", "", "", false},
		{"data:image/png;base64", "", "", false},
		{"data:image/png;base64;x=y,AAAA", "", "", false},
		{"https://example.com/a.png", "", "", false},
		{"dat", "", "", false},
	} {
		mt, data, ok := SplitDataURL(tc.url)
		if mt != tc.mediaType || data != tc.data || ok != tc.ok {
			t.Errorf("SplitDataURL(%q) = %q, %q, %v", tc.url, mt, data, ok)
		}
		bmt, bdata, bok := SplitDataURL([]byte(tc.url))
		if string(bmt) != tc.mediaType || string(bdata) != tc.data || bok != tc.ok {
			t.Errorf("SplitDataURL([]byte(%q)) = %q, %q, %v", tc.url, bmt, bdata, bok)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct {
		s, affix       string
		prefix, suffix bool
	}{
		{"Bearer x", "bearer", true, false},
		{"x;BASE64", ";base64", false, true},
		{";base64", ";base64", true, true},
		{"base64", ";base64", false, false},
		{"", "", true, true},
		{"\u212Aey", "key", false, false}, // the Kelvin sign is longer in UTF-8 than k
		{"\u017Fx", "\u017F", true, false},
	} {
		if got := HasPrefixFold(tc.s, tc.affix); got != tc.prefix {
			t.Errorf("HasPrefixFold(%q, %q) = %v", tc.s, tc.affix, got)
		}
		if got := HasPrefixFold([]byte(tc.s), tc.affix); got != tc.prefix {
			t.Errorf("HasPrefixFold([]byte(%q), %q) = %v", tc.s, tc.affix, got)
		}
		if rest, got := CutSuffixFold(tc.s, tc.affix); got != tc.suffix || got && len(rest) != len(tc.s)-len(tc.affix) {
			t.Errorf("CutSuffixFold(%q, %q) = %q, %v", tc.s, tc.affix, rest, got)
		}
		if rest, got := CutSuffixFold([]byte(tc.s), tc.affix); got != tc.suffix || got && len(rest) != len(tc.s)-len(tc.affix) {
			t.Errorf("CutSuffixFold([]byte(%q), %q) = %q, %v", tc.s, tc.affix, rest, got)
		}
	}
}

// The helpers serve request bodies: on bytes as on strings they must not
// allocate.
func TestAllocs(t *testing.T) {
	u := []byte("data:image/png;charset=binary;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
	s := string(u)
	if n := testing.AllocsPerRun(100, func() {
		if !HasPrefixFold(u, "DATA:IMAGE/") {
			t.Fatal("prefix not found")
		}
		if _, data, ok := SplitDataURL(u); !ok || !ValidBase64(data) {
			t.Fatal("not split")
		}
		if _, data, ok := SplitDataURL(s); !ok || !ValidBase64(data) {
			t.Fatal("not split")
		}
	}); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

func BenchmarkSplitDataURL(b *testing.B) {
	u := []byte("data:image/png;charset=binary;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
	s := string(u)
	b.Run("bytes", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, data, ok := SplitDataURL(u); !ok || !ValidBase64(data) {
				b.Fatal("not split")
			}
		}
	})
	b.Run("string", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, data, ok := SplitDataURL(s); !ok || !ValidBase64(data) {
				b.Fatal("not split")
			}
		}
	})
}
