package anthropic

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"

// pick sets *vals[i] to the raw value of the member keys[i] of the JSON
// object obj (the last one, if the key repeats), leaving the others as
// they are; ok is false when obj is not an object. Answers and stream
// events are read this way: a few members by name, with no allocation.
func pick(obj []byte, keys []string, vals ...*[]byte) (ok bool) {
	m, ok := jsonw.ObjectMembers(obj)
	if !ok {
		return false
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		for i, key := range keys {
			if jsonw.KeyIs(k, key) {
				*vals[i] = v
				break
			}
		}
	}
	return true
}

// Members read by pick, in the order of its vals.
var (
	answerKeys = []string{"content", "stop_reason", "usage"}
	blockKeys  = []string{"type", "text", "thinking", "signature", "data", "id", "name", "input"}
	eventKeys  = []string{"type", "index", "content_block", "delta", "message", "usage", "error"}
	deltaKeys  = []string{"type", "text", "thinking", "signature", "partial_json"}
	errorKeys  = []string{"type", "message"}
)
