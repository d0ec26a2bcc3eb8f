package jsonw

import (
	"strings"
	"testing"
)

func TestObjectMembers(t *testing.T) {
	obj := []byte(` { "a" : 1 , "b":{"c":[1,{"d":"}"}]} ,"\u0065":"x\"y", "a": 2 } `)
	var keys, vals []string
	m, ok := ObjectMembers(obj)
	if !ok {
		t.Fatal("not an object")
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		keys = append(keys, string(k))
		vals = append(vals, string(v))
	}
	if got := strings.Join(keys, " "); got != `"a" "b" "\u0065" "a"` {
		t.Errorf("keys %s", got)
	}
	if got := strings.Join(vals, " "); got != `1 {"c":[1,{"d":"}"}]} "x\"y" 2` {
		t.Errorf("values %s", got)
	}
	for _, notObj := range []string{``, `[]`, `"s"`, `1`, ` `} {
		if _, ok := ObjectMembers([]byte(notObj)); ok {
			t.Errorf("%q taken for an object", notObj)
		}
	}
	// Truncated input: garbage out, but no panic.
	for i := range obj {
		if m, ok := ObjectMembers(obj[:i]); ok {
			for _, _, ok := m.Next(); ok; _, _, ok = m.Next() {
			}
		}
	}
}

func TestCount(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "7": 7, "123456": 123456, "000012": 12} {
		if got, ok := Count([]byte(in)); !ok || got != want {
			t.Errorf("Count(%s) = %d, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "-1", "1.5", "1e3", `"1"`, "null", "1234567890123456"} {
		if _, ok := Count([]byte(bad)); ok {
			t.Errorf("Count(%s) accepted", bad)
		}
	}
}
