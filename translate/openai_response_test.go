package translate

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The -update flag rewrites golden files. It is defined only if no other
// test file of the package did, so several may rely on it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func goldenUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// compareGolden compares got with the file at path, or rewrites the file with -update.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if goldenUpdate() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\n got: %s\nwant: %s", path, got, want)
	}
}

func TestFinishReason(t *testing.T) {
	for stop, want := range map[string]string{
		"end_turn":                      "stop",
		"stop_sequence":                 "stop",
		"max_tokens":                    "length",
		"model_context_window_exceeded": "length",
		"tool_use":                      "tool_calls",
		"guardrail_intervened":          "content_filter",
		"content_filtered":              "content_filter",
		"":                              "stop",
		"something_new":                 "stop",
		"END_TURN":                      "stop",
		"MAX_TOKENS":                    "stop", // Bedrock's values are lowercase; no guessing
	} {
		if got := finishReason(stop); got != want {
			t.Errorf("finishReason(%q) = %q, want %q", stop, got, want)
		}
	}
}

func TestUsageFromBedrock(t *testing.T) {
	for _, tc := range []struct {
		in   *TokenUsage
		want Usage
		json string
	}{
		{nil, Usage{}, `{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`},
		{
			&TokenUsage{InputTokens: 10, OutputTokens: 5, TotalTokens: 15},
			Usage{PromptTokens: 10, CompletionTokens: 5, TotalTokens: 15},
			`{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`,
		},
		{
			// inputTokens excludes both cache figures; totalTokens includes them.
			&TokenUsage{InputTokens: 4, OutputTokens: 71, TotalTokens: 1775, CacheReadInputTokens: 1500, CacheWriteInputTokens: 200},
			Usage{PromptTokens: 1704, CompletionTokens: 71, TotalTokens: 1775, CachedTokens: 1500, CacheWriteTokens: 200},
			`{"prompt_tokens":1704,"completion_tokens":71,"total_tokens":1775,"prompt_tokens_details":{"cached_tokens":1500},"cache_read_input_tokens":1500,"cache_creation_input_tokens":200}`,
		},
		{
			// A totalTokens that disagrees is not trusted over the parts.
			&TokenUsage{InputTokens: 4, OutputTokens: 6, TotalTokens: 999},
			Usage{PromptTokens: 4, CompletionTokens: 6, TotalTokens: 10},
			`{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":0},"cache_read_input_tokens":0,"cache_creation_input_tokens":0}`,
		},
		{
			// Counts no model reports, from a broken upstream: the sums
			// saturate instead of wrapping around.
			&TokenUsage{InputTokens: math.MaxInt, OutputTokens: math.MaxInt, CacheReadInputTokens: 1},
			Usage{PromptTokens: math.MaxInt, CompletionTokens: math.MaxInt, TotalTokens: math.MaxInt, CachedTokens: 1},
			strings.NewReplacer("MAX", strconv.Itoa(math.MaxInt)).Replace(
				`{"prompt_tokens":MAX,"completion_tokens":MAX,"total_tokens":MAX,"prompt_tokens_details":{"cached_tokens":1},"cache_read_input_tokens":1,"cache_creation_input_tokens":0}`),
		},
	} {
		got := usageFromBedrock(tc.in)
		if got != tc.want {
			t.Errorf("usageFromBedrock(%+v) = %+v, want %+v", tc.in, got, tc.want)
		}
		if j := appendUsage(nil, got); string(j) != tc.json {
			t.Errorf("appendUsage = %s, want %s", j, tc.json)
		}
	}
}

var jsonStringSamples = []string{
	"", "plain", `quote " and \ backslash`, "line\nbreak\ttab\r", "\x00\x01\x1f\x7f",
	"héllo wörld ✓ 😀", "bad \xff utf8 \xe2\x80", "<script>&</script>", "sep\u2028\u2029",
}

func TestAppendStringBytes(t *testing.T) {
	for _, s := range jsonStringSamples {
		if got, want := appendStringBytes([]byte("x"), []byte(s)), AppendString([]byte("x"), s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func TestAppendStringInner(t *testing.T) {
	got := appendStringInner([]byte(`"`), "a\"b\n")
	got = appendStringInner(got, "é\u2028")
	got = append(got, '"')
	var back string
	if err := json.Unmarshal(got, &back); err != nil || back != "a\"b\né\u2028" {
		t.Errorf("got %s (%q, %v)", got, back, err)
	}
}

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
		got := appendUnquoted(nil, []byte(lit))
		// encoding/json replaces invalid UTF-8 while unquoting; the
		// stream leaves that to appendStringBytes. Compare after both.
		if !sameJSONString(appendStringBytes(nil, got), AppendString(nil, want)) {
			t.Errorf("%s: got %q, want %q", lit, got, want)
		}
		if utf8.ValidString(lit) && string(got) != want {
			t.Errorf("%s: got %q, want %q", lit, got, want)
		}
	}
	for _, bad := range []string{``, `"`, `x`, `"\u12"`, `"\`} {
		_ = appendUnquoted(nil, []byte(bad)) // must not panic
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
		got := appendUnquoted(nil, []byte(lit)) // must not panic
		var want string
		// appendUnquoted takes exactly a literal: no space around it.
		if !isJSONString([]byte(lit)) || json.Unmarshal([]byte(lit), &want) != nil {
			return
		}
		if !sameJSONString(appendStringBytes(nil, got), AppendString(nil, want)) {
			t.Fatalf("%s: got %q, want %q", lit, got, want)
		}
	})
}

func TestJSONMembers(t *testing.T) {
	obj := []byte(` { "a" : 1 , "b":{"c":[1,{"d":"}"}]} ,"\u0065":"x\"y", "a": 2 } `)
	var keys, vals []string
	m, ok := objectMembers(obj)
	if !ok {
		t.Fatal("not an object")
	}
	for k, v, ok := m.next(); ok; k, v, ok = m.next() {
		keys = append(keys, string(k))
		vals = append(vals, string(v))
	}
	if got := strings.Join(keys, " "); got != `"a" "b" "\u0065" "a"` {
		t.Errorf("keys %s", got)
	}
	if got := strings.Join(vals, " "); got != `1 {"c":[1,{"d":"}"}]} "x\"y" 2` {
		t.Errorf("values %s", got)
	}
	if v, ok := member(obj, "e"); !ok || string(v) != `"x\"y"` {
		t.Errorf(`member "e" (escaped key) = %s %v`, v, ok)
	}
	if v, ok := member(obj, "a"); !ok || string(v) != "2" {
		t.Errorf(`member "a" = %s, want the last one`, v)
	}
	if _, ok := member(obj, "z"); ok {
		t.Error(`member "z" found`)
	}
	for _, notObj := range []string{``, `[]`, `"s"`, `1`, ` `} {
		if _, ok := objectMembers([]byte(notObj)); ok {
			t.Errorf("%q taken for an object", notObj)
		}
	}
	// Truncated input: garbage out, but no panic.
	for i := range obj {
		if m, ok := objectMembers(obj[:i]); ok {
			for _, _, ok := m.next(); ok; _, _, ok = m.next() {
			}
		}
	}
}

func TestJSONCount(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "7": 7, "123456": 123456, "000012": 12} {
		if got, ok := jsonCount([]byte(in)); !ok || got != want {
			t.Errorf("jsonCount(%s) = %d, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "-1", "1.5", "1e3", `"1"`, "null", "1234567890123456"} {
		if _, ok := jsonCount([]byte(bad)); ok {
			t.Errorf("jsonCount(%s) accepted", bad)
		}
	}
}
