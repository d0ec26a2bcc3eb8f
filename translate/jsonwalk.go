package translate

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Walkers over JSON that validJSON has accepted: request decoding and the
// stream transcoders read the few fields they need by slicing the input,
// with no reflection and no allocation. They check bounds anyway, so input
// that skipped validation yields garbage, never a panic.

func skipSpace(b []byte, i int) int {
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

// jsonItems iterates over the elements of a JSON array.
type jsonItems struct {
	b []byte
	i int
}

// arrayItems starts iterating over arr; ok is false if arr is not an array.
func arrayItems(arr []byte) (e jsonItems, ok bool) {
	i := skipSpace(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return jsonItems{}, false
	}
	return jsonItems{b: arr, i: i + 1}, true
}

// next returns the next element's raw value.
func (e *jsonItems) next() ([]byte, bool) {
	b := e.b
	i := skipSpace(b, e.i)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
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

// eachElement calls fn for each element of a valid JSON array.
func eachElement(arr []byte, fn func(i int, v []byte) *Error) *Error {
	it, ok := arrayItems(arr)
	if !ok {
		return nil
	}
	for n := 0; ; n++ {
		v, ok := it.next()
		if !ok {
			return nil
		}
		if err := fn(n, v); err != nil {
			return err
		}
	}
}

// eachMember calls fn for each member of a valid JSON object. key is the
// raw key unless it holds escapes, in which case it is decoded.
func eachMember(obj []byte, fn func(key, v []byte) *Error) *Error {
	m, ok := objectMembers(obj)
	if !ok {
		return nil
	}
	for k, v, ok := m.next(); ok; k, v, ok = m.next() {
		key := k[1 : len(k)-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			key = appendUnquoted(nil, k)
		}
		if err := fn(key, v); err != nil {
			return err
		}
	}
	return nil
}

// jsonMembers iterates over the members of a JSON object.
type jsonMembers struct {
	b []byte
	i int
}

// objectMembers starts iterating over obj; ok is false if obj is not an object.
func objectMembers(obj []byte) (m jsonMembers, ok bool) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return jsonMembers{}, false
	}
	return jsonMembers{b: obj, i: i + 1}, true
}

// next returns the next member: its key as a raw string literal, and its
// raw value.
func (m *jsonMembers) next() (key, val []byte, ok bool) {
	b := m.b
	i := skipSpace(b, m.i)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		return nil, nil, false
	}
	end := skipString(b, i)
	key = b[i:end]
	i = skipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return nil, nil, false
	}
	if i = skipSpace(b, i+1); i >= len(b) {
		return nil, nil, false
	}
	vend := skipValue(b, i)
	m.i = vend
	return key, b[i:vend], true
}

// memberKeyIs reports whether the raw key literal names k.
func memberKeyIs(raw []byte, k string) bool {
	if len(raw) < 2 {
		return false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' {
			var buf [32]byte
			return string(appendUnquoted(buf[:0], raw)) == k
		}
	}
	return string(inner) == k
}

// isJSONString reports whether the raw value v is a string literal.
func isJSONString(v []byte) bool { return len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' }

// appendUnquoted appends the text of the JSON string literal lit to dst.
// Like encoding/json it turns unpaired surrogate escapes into U+FFFD; raw
// invalid UTF-8 is copied, for appendStringBytes to replace.
func appendUnquoted(dst, lit []byte) []byte {
	if !isJSONString(lit) {
		return dst
	}
	s := lit[1 : len(lit)-1]
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			j := i + 1
			for j < len(s) && s[j] != '\\' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		if i+1 >= len(s) {
			break
		}
		c := s[i+1]
		i += 2
		switch c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := unquoteHex4(s, i)
			if !ok {
				return dst
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r2, ok = unquoteHex4(s, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
	}
	return dst
}

func unquoteHex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// jsonCount parses a raw JSON number that must be a non-negative integer
// small enough for any token count or block index.
func jsonCount(v []byte) (int, bool) {
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

// member returns the raw value of key in the JSON object obj.
func member(obj []byte, key string) ([]byte, bool) {
	m, ok := objectMembers(obj)
	if !ok {
		return nil, false
	}
	var val []byte
	for k, v, ok := m.next(); ok; k, v, ok = m.next() {
		if memberKeyIs(k, key) {
			val = v
		}
	}
	return val, val != nil
}
