package jsonw

import (
	"bytes"
)

// Walkers over JSON that Valid has accepted: request decoding and the
// stream transcoders read the few fields they need by slicing the input,
// with no reflection and no allocation. They check bounds anyway, so input
// that skipped validation yields garbage, never a panic.

// SkipSpace returns the index of the first byte at or after i that is not
// JSON whitespace.
func SkipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index after the string literal starting at i. It
// jumps from quote to quote: strings hold most of a body's bytes.
func skipString(b []byte, i int) int {
	start := i + 1
	for i = start; ; {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return len(b)
		}
		j += i
		backslashes := 0
		for k := j - 1; k >= start && b[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j + 1
		}
		i = j + 1
	}
}

// skipValue returns the index after the (valid) JSON value starting at i.
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// Items iterates over the elements of a JSON array.
type Items struct {
	b []byte
	i int
}

// ArrayItems starts iterating over arr; ok is false if arr is not an array.
func ArrayItems(arr []byte) (e Items, ok bool) {
	i := SkipSpace(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return Items{}, false
	}
	return Items{b: arr, i: i + 1}, true
}

// Next returns the next element's raw value.
func (e *Items) Next() ([]byte, bool) {
	b := e.b
	i := SkipSpace(b, e.i)
	if i < len(b) && b[i] == ',' {
		i = SkipSpace(b, i+1)
	}
	if i >= len(b) || b[i] == ']' {
		return nil, false
	}
	end := skipValue(b, i)
	if end <= i {
		return nil, false
	}
	e.i = end
	return b[i:end], true
}

// Members iterates over the members of a JSON object.
type Members struct {
	b []byte
	i int
}

// ObjectMembers starts iterating over obj; ok is false if obj is not an object.
func ObjectMembers(obj []byte) (m Members, ok bool) {
	i := SkipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return Members{}, false
	}
	return Members{b: obj, i: i + 1}, true
}

// Next returns the next member: its key as a raw string literal, and its
// raw value.
func (m *Members) Next() (key, val []byte, ok bool) {
	b := m.b
	i := SkipSpace(b, m.i)
	if i < len(b) && b[i] == ',' {
		i = SkipSpace(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		return nil, nil, false
	}
	end := skipString(b, i)
	key = b[i:end]
	i = SkipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return nil, nil, false
	}
	if i = SkipSpace(b, i+1); i >= len(b) {
		return nil, nil, false
	}
	vend := skipValue(b, i)
	m.i = vend
	return key, b[i:vend], true
}

// ValueEnd returns the offset in the object just after the value Next
// returned last, so that a caller can splice around it.
func (m *Members) ValueEnd() int { return m.i }

// KeyIs reports whether the raw key literal names k.
func KeyIs(raw []byte, k string) bool {
	if len(raw) < 2 {
		return false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' {
			var buf [32]byte
			return string(AppendUnquoted(buf[:0], raw)) == k
		}
	}
	return string(inner) == k
}

// IsString reports whether the raw value v is a string literal.
func IsString(v []byte) bool { return len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' }

// IsNull reports whether the raw value b is null.
func IsNull(b []byte) bool { return len(b) == 4 && string(b) == "null" }

// IsObject reports whether raw (a valid JSON value) is an object.
func IsObject(raw []byte) bool {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	return len(raw) > 0 && raw[0] == '{'
}

// Count parses a raw JSON number that must be a non-negative integer
// small enough for any token count or block index.
func Count(v []byte) (int, bool) {
	if len(v) == 0 || len(v) > 15 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
