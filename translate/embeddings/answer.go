package embeddings

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Reading vectors out of answers. An answer is checked as JSON once
// (CheckAnswer); each vector is then sliced out of it and checked to be
// an array of numbers, so that it can be copied to the client as it is.

// CheckAnswer checks that an answer is one JSON object.
func CheckAnswer(body []byte) *translate.Error {
	if !jsonw.Valid(body) || !jsonw.IsObject(body) {
		return Unreadable()
	}
	return nil
}

// Vector checks that raw, from an answer CheckAnswer accepted, is a
// non-empty array of numbers.
func Vector(raw []byte) ([]byte, bool) {
	items, ok := jsonw.ArrayItems(raw)
	if !ok {
		return nil, false
	}
	n := 0
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		if c := v[0]; c != '-' && (c < '0' || c > '9') {
			return nil, false
		}
		n++
	}
	return raw, n > 0
}

// Vectors appends the vectors of an array of arrays, which must hold n.
func Vectors(raw []byte, n int, vecs [][]byte) ([][]byte, *translate.Error) {
	items, ok := jsonw.ArrayItems(raw)
	if !ok {
		return vecs, Unreadable()
	}
	got := 0
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		vec, isVec := Vector(v)
		if !isVec {
			return vecs, Unreadable()
		}
		vecs = append(vecs, vec)
		got++
	}
	if got != n {
		return vecs, Unreadable()
	}
	return vecs, nil
}

// Unreadable is the error for an answer that makes no sense: Bedrock's
// fault, not the client's, and another deployment may do better.
func Unreadable() *translate.Error {
	return translate.BadUpstream("Bedrock returned an unreadable embeddings answer")
}
