package jsonw

import (
	"strings"
	"testing"
)

func TestPick(t *testing.T) {
	keys := []string{"type", "index", "delta"}
	for _, tc := range []struct {
		obj  string
		ok   bool
		want string // the values picked, space-separated, "-" for none
	}{
		{`{"type":"a","index":0,"delta":{"text":"}"}}`, true, `"a" 0 {"text":"}"}`},
		{` { "delta" : [1] , "type" : "b" } `, true, `"b" - [1]`},
		{`{"type":"a","type":"b"}`, true, `"b" - -`},            // the last one wins
		{`{"\u0074ype":"e","index\/":1}`, true, `"e" - -`},      // keys are unescaped
		{`{"other":{"type":"nested"},"x":null}`, true, `- - -`}, // nested members are not members
		{`{"index":null}`, true, `- null -`},
		{`{}`, true, `- - -`},
		{`[{"type":"a"}]`, false, `- - -`},
		{`"type"`, false, `- - -`},
		{``, false, `- - -`},
	} {
		var typ, index, delta []byte
		ok := Pick([]byte(tc.obj), keys, &typ, &index, &delta)
		var got []string
		for _, v := range [][]byte{typ, index, delta} {
			if v == nil {
				got = append(got, "-")
			} else {
				got = append(got, string(v))
			}
		}
		if ok != tc.ok || strings.Join(got, " ") != tc.want {
			t.Errorf("Pick(%s) = %v %s, want %v %s", tc.obj, ok, strings.Join(got, " "), tc.ok, tc.want)
		}
	}
}

func TestPickKeepsUnfound(t *testing.T) {
	keep := []byte("before")
	if !Pick([]byte(`{"a":1}`), []string{"b"}, &keep) || string(keep) != "before" {
		t.Errorf("a member not there overwrote its value: %s", keep)
	}
}

func TestLookup(t *testing.T) {
	obj := ` { "a" : 1 , "b":{"c":[1,{"d":"}"}]} ,"\u0065":"x\"y", "a": 2 } `
	for _, tc := range []struct {
		obj, key, want string
		ok             bool
	}{
		{obj, "e", `"x\"y"`, true}, // an escaped key
		{obj, "a", "2", true},      // the last one
		{obj, "b", `{"c":[1,{"d":"}"}]}`, true},
		{obj, "z", "", false},
		{obj, "d", "", false},
		{`{"n":null}`, "n", "null", true},
		{`[1]`, "a", "", false},
	} {
		if v, ok := Lookup([]byte(tc.obj), tc.key); ok != tc.ok || string(v) != tc.want {
			t.Errorf("Lookup(%s, %q) = %s %v, want %s %v", tc.obj, tc.key, v, ok, tc.want, tc.ok)
		}
	}
}

func TestPickAllocs(t *testing.T) {
	obj := []byte(benchEvent)
	keys := []string{"type", "index", "delta"}
	var typ, index, delta []byte
	if n := testing.AllocsPerRun(100, func() {
		Pick(obj, keys, &typ, &index, &delta)
		Lookup(obj, "delta")
	}); n != 0 {
		t.Errorf("%v allocations per Pick and Lookup, want 0", n)
	}
}

const benchEvent = `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello, world: a few words of a stream"}}`

func BenchmarkPick(b *testing.B) {
	obj := []byte(benchEvent)
	keys := []string{"type", "index", "content_block", "delta", "message", "usage", "error"}
	var typ, index, block, delta, message, usage, err []byte
	b.SetBytes(int64(len(obj)))
	b.ReportAllocs()
	for b.Loop() {
		Pick(obj, keys, &typ, &index, &block, &delta, &message, &usage, &err)
	}
}
