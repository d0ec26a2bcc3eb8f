package converse

import (
	"crypto/sha256"
	"encoding/hex"
)

// Bedrock requires toolUseId to match [a-zA-Z0-9_-]{1,64}; OpenAI clients
// (and other providers whose history a client replays) use ids that do not,
// e.g. "functions.get_weather:0" or ids longer than 64 bytes.
//
// Such an id is replaced by toolIDPrefix and the hex of the first 16 bytes of
// its SHA-256. The mapping is a pure function of the id, so the toolUse and
// the toolResult that answers it get the same id, in this request and in
// every later request that replays the history. 128 bits of hash behind a
// prefix no client or Bedrock id uses make a collision with a real id
// negligible.
const toolIDPrefix = "tooluse_gw"

// mappedToolIDLen is len(toolIDPrefix) + 32 hex digits.
const mappedToolIDLen = len(toolIDPrefix) + 2*16

// validToolID reports whether Bedrock accepts id as a toolUseId.
func validToolID(id string) bool {
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

// bedrockToolID returns id if Bedrock accepts it, else its mapped form.
func bedrockToolID(id string) string {
	if validToolID(id) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	var b [mappedToolIDLen]byte
	copy(b[:], toolIDPrefix)
	hex.Encode(b[len(toolIDPrefix):], sum[:16])
	return string(b[:])
}

// toolID returns the id to send Bedrock for the client's id and remembers
// the client's id for ClientToolID when it had to be mapped.
func (s *State) toolID(id string) string {
	mapped := bedrockToolID(id)
	if mapped != id {
		if s.toolIDs == nil {
			s.toolIDs = make(map[string]string, 4)
		}
		s.toolIDs[mapped] = id
	}
	return mapped
}
