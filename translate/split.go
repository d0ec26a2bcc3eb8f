package translate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// SplitObject splits a JSON object into its top-level members without
// copying values. It rejects anything that is not a single, valid JSON
// object, strings (keys too) that are not valid UTF-8, and duplicate keys
// (after unescaping, so "\u006dodel" is "model").
func SplitObject(body []byte) ([]Member, *Error) {
	c := jsonw.Check(body)
	switch c.Fault {
	case jsonw.TooDeep:
		return nil, invalidJSON(fmt.Sprintf("request body is nested too deeply: objects and arrays may be nested "+
			"at most %d levels (byte offset %d)", jsonw.MaxNesting, c.At))
	case jsonw.Syntax:
		return nil, invalidJSON(fmt.Sprintf("request body is not valid JSON (syntax error at byte offset %d)", c.At))
	}
	it, ok := jsonw.ObjectMembers(body)
	if !ok {
		return nil, invalidJSON("request body must be a JSON object")
	}
	if c.BadUTF8 >= 0 {
		return nil, invalidUTF8(body, c.BadUTF8)
	}
	members := make([]Member, 0, 16)
	var seen map[string]struct{} // only for bodies with many keys: a linear scan is cheaper below that
	for k, v, ok := it.Next(); ok; k, v, ok = it.Next() {
		key, err := unquoteKey(k)
		if err != nil {
			return nil, BadRequest("", "invalid key in request body: %v", err)
		}
		if isDuplicate(members, &seen, key) {
			return nil, BadRequest(key, "duplicate key %q in request body", key)
		}
		members = append(members, Member{Key: key, Value: v[:len(v):len(v)]})
	}
	return members, nil
}

// invalidUTF8 is the 400 for a body whose strings hold invalid UTF-8,
// naming the top-level member it is in and its byte offset. Every route
// refuses such a body: Azure routes copy members verbatim, so the bytes
// would reach Azure raw, while decoding for Bedrock turns them into
// U+FFFD, and the same request would say two different things. The code
// is invalid_json: RFC 8259 requires JSON exchanged between systems to be
// UTF-8, and OpenAI answers such a body as JSON it cannot parse.
func invalidUTF8(body []byte, at int) *Error {
	where, param := "the body", ""
	switch key, inKey := memberAt(body, at); {
	case inKey:
		where = "a top-level key"
	case key != nil:
		param, _ = unquoteKey(key)
		where = "'" + param + "'"
	}
	e := invalidJSON(fmt.Sprintf("request body is not valid UTF-8: invalid byte sequence in %s at byte offset %d", where, at))
	e.Param = param
	return e
}

// memberAt returns the raw key of the top-level member of obj whose key
// (inKey) or value holds the byte at offset at.
func memberAt(obj []byte, at int) (key []byte, inKey bool) {
	m, ok := jsonw.ObjectMembers(obj)
	if !ok {
		return nil, false
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		if end := m.ValueEnd(); at < end {
			return k, at < end-len(v)
		}
	}
	return nil, false
}

// invalidJSON is the 400 for a body that cannot be read as a JSON object.
func invalidJSON(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: ErrInvalidRequest, Message: msg, Code: "invalid_json"}
}

func isDuplicate(members []Member, seen *map[string]struct{}, key string) bool {
	const linearMax = 32
	if len(members) < linearMax {
		for _, m := range members {
			if m.Key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*linearMax)
		for _, m := range members {
			(*seen)[m.Key] = struct{}{}
		}
	}
	if _, dup := (*seen)[key]; dup {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

// unquoteKey unquotes a key (valid UTF-8, as SplitObject checked) as
// encoding/json does, so two keys that decode alike are caught as
// duplicates.
func unquoteKey(q []byte) (string, error) {
	if bytes.IndexByte(q, '\\') < 0 {
		return string(q[1 : len(q)-1]), nil
	}
	var s string
	err := json.Unmarshal(q, &s)
	return s, err
}
