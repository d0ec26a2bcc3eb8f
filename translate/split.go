package translate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"
)

// SplitObject splits a JSON object into its top-level members without
// copying values. It rejects anything that is not a single, valid JSON
// object and duplicate keys (after unescaping, so "\u006dodel" is "model").
func SplitObject(body []byte) ([]Member, *Error) {
	switch c := checkJSON(body); c.fault {
	case jsonTooDeep:
		return nil, invalidJSON(fmt.Sprintf("request body is nested too deeply: objects and arrays may be nested at most %d levels (byte offset %d)", maxNesting, c.at))
	case jsonSyntax:
		return nil, invalidJSON(fmt.Sprintf("request body is not valid JSON (syntax error at byte offset %d)", c.at))
	}
	it, ok := objectMembers(body)
	if !ok {
		return nil, invalidJSON("request body must be a JSON object")
	}
	members := make([]Member, 0, 16)
	var seen map[string]struct{} // only for bodies with many keys: a linear scan is cheaper below that
	for k, v, ok := it.next(); ok; k, v, ok = it.next() {
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

// unquoteKey unquotes a key as encoding/json does: escapes are resolved and
// invalid UTF-8 becomes U+FFFD, so two keys that decode alike are caught as
// duplicates.
func unquoteKey(q []byte) (string, error) {
	if bytes.IndexByte(q, '\\') < 0 && utf8.Valid(q) {
		return string(q[1 : len(q)-1]), nil
	}
	var s string
	err := json.Unmarshal(q, &s)
	return s, err
}
