package translate

import (
	"encoding/json"
	"strings"
	"testing"
)

var validSeeds = []string{
	``, ` `, `{}`, `[]`, `""`, `0`, `-0`, `1.5e+10`, `-`, `01`, `1.`, `1e`, `.5`, `true`, `tru`, `nul`, `null `,
	`{"a":1,"b":[true,false,null,"x\n\"\\\/\b\f\r\t\u00e9"]}`, `{"a":1,}`, `[1,]`, `{"a" 1}`, `{"a":}`, `{1:2}`,
	"\"\x01\"", "\"\x7f\xff\"", `"\x"`, `"\u12G4"`, `"\u12"`, `"abc`, `{"a":1} {}`, `[[[[]]]]`, "\t{\n}\r",
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001), strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	`{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}`,
}

func TestValidJSON(t *testing.T) {
	for i, s := range validSeeds {
		if got, want := validJSON([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("%d: validJSON(%.60q) = %v, json.Valid says %v", i, s, got, want)
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, s := range validSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validJSON(b), json.Valid(b); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

func BenchmarkValidJSON(b *testing.B) {
	body := benchChatBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.Run("validJSON", func(b *testing.B) {
		for b.Loop() {
			validJSON(body)
		}
	})
	b.Run("json.Valid", func(b *testing.B) {
		for b.Loop() {
			json.Valid(body)
		}
	})
}
