package translate

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// The decoders walk validated JSON with a callback per element or member,
// so that the first error, naming its parameter, ends the walk.

// eachElement calls fn for each element of a valid JSON array.
func eachElement(arr []byte, fn func(i int, v []byte) *Error) *Error {
	it, ok := jsonw.ArrayItems(arr)
	if !ok {
		return nil
	}
	for n := 0; ; n++ {
		v, ok := it.Next()
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
	m, ok := jsonw.ObjectMembers(obj)
	if !ok {
		return nil
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		key := k[1 : len(k)-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			key = jsonw.AppendUnquoted(nil, k)
		}
		if err := fn(key, v); err != nil {
			return err
		}
	}
	return nil
}
