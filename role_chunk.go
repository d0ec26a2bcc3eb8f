package llmgateway

import "bytes"

// onlyRole reports whether events are just the chunk that announces the
// assistant's role, with nothing said yet, however the upstream spelled
// it: {"role":"assistant"}, with "content":"" or null, with Azure
// OpenAI's "refusal":null, in any member order. It reads the bytes rather
// than decode them, as it runs on every stream's first chunk; anything it
// does not recognise counts as said, which commits the stream.
func onlyRole(events []byte) bool {
	if bytes.Count(events, sseEnd) != 1 || !bytes.Contains(events, roleAssistant) {
		return false
	}
	for _, said := range saidKeys {
		if bytes.Contains(events, said) {
			return false
		}
	}
	for _, key := range emptyKeys {
		if !emptyWherever(events, key) {
			return false
		}
	}
	return true
}

// emptyWherever reports whether every value of key in b is "", null or
// [].
func emptyWherever(b, key []byte) bool {
	for {
		i := bytes.Index(b, key)
		if i < 0 {
			return true
		}
		b = bytes.TrimLeft(b[i+len(key):], " ")
		if !bytes.HasPrefix(b, emptyString) && !bytes.HasPrefix(b, null) && !bytes.HasPrefix(b, emptyArray) {
			return false
		}
	}
}

var (
	sseEnd        = []byte("\n\n")
	roleAssistant = []byte(`"role":"assistant"`)
	emptyString   = []byte(`""`)
	emptyArray    = []byte(`[]`)
	null          = []byte(`null`)
	// emptyKeys are the members a chunk may carry empty (some upstreams
	// send "tool_calls":null with the role) and still say nothing.
	emptyKeys = [][]byte{[]byte(`"content":`), []byte(`"refusal":`), []byte(`"tool_calls":`),
		[]byte(`"function_call":`), []byte(`"reasoning_content":`), []byte(`"reasoning":`)}
	// saidKeys are members whose presence means the chunk says something.
	saidKeys = [][]byte{[]byte(`"finish_reason":"`), []byte(`"error"`), []byte(`"usage":{`)}
)
