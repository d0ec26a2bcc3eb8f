package images

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Writers of native bodies. Keys the families write are plain ASCII
// constants; the client's own keys are quoted anew.

// AppendRaw appends the member "key": raw.
func AppendRaw(dst []byte, key string, raw []byte) []byte {
	dst = jsonw.AppendSep(dst)
	dst = append(dst, '"')
	dst = append(dst, key...)
	dst = append(dst, `":`...)
	return append(dst, raw...)
}

// AppendInt appends the member "key": n.
func AppendInt(dst []byte, key string, n int) []byte {
	dst = AppendRaw(dst, key, nil)
	return strconv.AppendInt(dst, int64(n), 10)
}

// AppendString appends the member "key": "s" for a plain ASCII s.
func AppendString(dst []byte, key, s string) []byte {
	dst = AppendRaw(dst, key, nil)
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// AppendNative appends the native members of a request but those skip
// names.
func AppendNative(dst []byte, native Members, skip ...string) []byte {
next:
	for _, m := range native {
		for _, s := range skip {
			if m.Key == s {
				continue next
			}
		}
		dst = jsonw.AppendSep(dst)
		dst = jsonw.AppendString(dst, m.Key)
		dst = append(dst, ':')
		dst = append(dst, m.Value...)
	}
	return dst
}

// AppendMembers appends the members of the raw object obj (the client's)
// into the object dst is writing.
func AppendMembers(dst, obj []byte) []byte {
	it, _ := jsonw.ObjectMembers(obj)
	for k, v, ok := it.Next(); ok; k, v, ok = it.Next() {
		dst = jsonw.AppendKey(dst, k)
		dst = append(dst, v...)
	}
	return dst
}

// Has reports whether the raw object obj (nil: none) has a member key.
func Has(obj []byte, key string) bool {
	_, ok := jsonw.Lookup(obj, key)
	return ok
}

// IsObject reports whether raw is a JSON object.
func IsObject(raw []byte) bool { return jsonw.IsObject(raw) }

// Items returns the elements of the raw array arr; ok is false when arr
// is not an array.
func Items(arr []byte, each func(v []byte)) bool {
	it, ok := jsonw.ArrayItems(arr)
	if !ok {
		return false
	}
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		each(v)
	}
	return true
}

// Lookup returns the raw value of key in the raw object obj.
func Lookup(obj []byte, key string) ([]byte, bool) { return jsonw.Lookup(obj, key) }

// IsString reports whether raw is a string literal; IsNull whether null.
func IsString(raw []byte) bool { return jsonw.IsString(raw) }
func IsNull(raw []byte) bool   { return jsonw.IsNull(raw) }

// Is reports whether raw is the string literal of s.
func Is(raw []byte, s string) bool { return isString(raw, s) }

// Text returns the text of a short string literal, for messages and
// enumerations; "" when raw is not a string.
func Text(raw []byte) string {
	if !jsonw.IsString(raw) {
		return ""
	}
	return string(jsonw.AppendUnquoted(nil, raw))
}
