package translate

import (
	"crypto/sha256"
	"encoding/hex"
)

// Bedrock (toolUseId) and Anthropic's Messages API (tool_use.id) require
// tool-call ids to match [a-zA-Z0-9_-]{1,64}, OpenAI's own rule for
// function names; OpenAI clients (and other providers whose history a
// client replays) use ids that do not, e.g. "functions.get_weather:0" or
// ids longer than 64 bytes.
//
// Such an id is replaced by toolIDPrefix and the hex of the first 16 bytes
// of its SHA-256. The mapping is a pure function of the id, so the tool
// call and the result that answers it get the same id, in this request
// and in every later request that replays the history. 128 bits of hash
// behind a prefix no client or upstream id uses make a collision with a
// real id negligible.
const toolIDPrefix = "tooluse_gw"

// mappedToolIDLen is len(toolIDPrefix) + 32 hex digits.
const mappedToolIDLen = len(toolIDPrefix) + 2*16

// ValidToolID reports whether id matches [a-zA-Z0-9_-]{1,64}, the rule
// for tool-call ids upstream and for function names everywhere.
func ValidToolID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// UpstreamToolID returns id if it is valid upstream, else its mapped form.
func UpstreamToolID(id string) string {
	if ValidToolID(id) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	var b [mappedToolIDLen]byte
	copy(b[:], toolIDPrefix)
	hex.Encode(b[len(toolIDPrefix):], sum[:16])
	return string(b[:])
}

// ToolIDs maps the tool-call ids a request's translation rewrote back to
// the client's. The zero value is ready; one per request.
type ToolIDs map[string]string

// Upstream returns the id to send upstream for the client's id, and
// remembers the client's id for Client when it had to be mapped.
func (m *ToolIDs) Upstream(id string) string {
	mapped := UpstreamToolID(id)
	if mapped != id {
		if *m == nil {
			*m = make(ToolIDs, 4)
		}
		(*m)[mapped] = id
	}
	return mapped
}

// Client returns the id the client knows for an upstream tool-call id.
func (m ToolIDs) Client(id string) string {
	if orig, ok := m[id]; ok {
		return orig
	}
	return id
}
