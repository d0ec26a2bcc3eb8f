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

func TestCheckJSON(t *testing.T) {
	deep := strings.Repeat("[", 200000) + strings.Repeat("]", 200000)
	for i, tc := range []struct {
		in    string
		fault jsonFault
		at    int
	}{
		{`{"a":[1,2]}`, jsonOK, 0},
		{``, jsonSyntax, 0},
		{`{"a":1`, jsonSyntax, 6},
		{`{"a":1} x`, jsonSyntax, 8},
		{`{"a":tru}`, jsonSyntax, 5},
		{deep, jsonTooDeep, 10000},
		{`{"a":` + deep[:10000] + `x`, jsonTooDeep, 5 + 9999},
		{strings.Repeat("[", 10000) + "x", jsonSyntax, 10000},
	} {
		c := checkJSON([]byte(tc.in))
		if c.fault != tc.fault || c.fault != jsonOK && c.at != tc.at {
			t.Errorf("%d: checkJSON(%.40q) = %+v, want fault %d at %d", i, tc.in, c, tc.fault, tc.at)
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
		// checkJSON blames nesting exactly when encoding/json does.
		err := json.Unmarshal(b, new(json.RawMessage))
		deep := err != nil && strings.Contains(err.Error(), "exceeded max depth")
		if c := checkJSON(b); (c.fault == jsonTooDeep) != deep {
			t.Fatalf("checkJSON(%.80q) = %+v, encoding/json says %v", b, c, err)
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
