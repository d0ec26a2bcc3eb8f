package mistral

import (
	"crypto/sha256"
	"encoding/binary"
)

// Mistral's chat models take tool-call ids of exactly nine letters and
// digits, and refuse others ("Tool call id was call_abc but must be a-z,
// A-Z, 0-9, with a length of 9"). OpenAI's ids ("call_..."), other
// providers' and Mistral Large 24.02's own (22 characters) do not fit.
//
// Such an id is replaced by nine base-62 digits of its SHA-256. The
// mapping is a pure function of the id, so a call and the result that
// answers it get the same id, in this request and in every later one that
// replays the history; the answer maps ids back to the client's. 62^9
// (5·10^16) ids make a collision within one conversation negligible.
const toolIDLen = 9

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// validToolID reports whether Mistral takes id as it is.
func validToolID(id string) bool {
	if len(id) != toolIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// mistralToolID returns id if Mistral takes it, else its mapped form.
func mistralToolID(id string) string {
	if validToolID(id) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	n := binary.BigEndian.Uint64(sum[:8])
	var b [toolIDLen]byte
	for i := range b {
		b[i] = base62[n%62]
		n /= 62
	}
	return string(b[:])
}

// toolID returns the id to send for the client's id, remembering the
// client's when it had to be mapped.
func (s *state) toolID(id string) string {
	mapped := mistralToolID(id)
	if mapped != id {
		if s.toolIDs == nil {
			s.toolIDs = make(map[string]string, 4)
		}
		s.toolIDs[mapped] = id
	}
	return mapped
}

// clientToolID returns the id the client knows for an id in the answer.
func (s *state) clientToolID(id string) string {
	if orig, ok := s.toolIDs[id]; ok {
		return orig
	}
	return id
}
