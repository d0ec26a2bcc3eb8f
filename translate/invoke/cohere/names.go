package cohere

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// chatState is what Command R's answers need of the request: the client's
// names of the tools whose names Cohere would not take.
type chatState struct {
	names map[string]string // Cohere's name → the client's
}

// chatStateOf is st's chatState; a State made elsewhere maps no names.
func chatStateOf(st *invoke.State) *chatState {
	if cs, ok := st.Family.(*chatState); ok {
		return cs
	}
	return &chatState{}
}

// Cohere takes tool names of letters, digits and underscores that do not
// start with a digit; OpenAI also allows hyphens and a leading digit. A
// name Cohere would refuse is sent with every other byte as '_', after
// "t_" if it starts with a digit, and with "_" and 8 hex digits of its
// SHA-256 after it, so that "get-weather" and "get_weather" stay two
// tools. The mapping is a pure function of the name: the tools, the calls
// in the history and the results that answer them all agree, in every
// request that replays the history.
func (s *chatState) cohereName(name string) string {
	if validName(name) {
		return name
	}
	b := make([]byte, 0, len(name)+12)
	if name == "" || '0' <= name[0] && name[0] <= '9' {
		b = append(b, "t_"...)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; nameByte(c) {
			b = append(b, c)
		} else {
			b = append(b, '_')
		}
	}
	sum := sha256.Sum256([]byte(name))
	b = append(b, '_')
	b = hex.AppendEncode(b, sum[:4])
	mapped := string(b)
	if s.names == nil {
		s.names = make(map[string]string, 2)
	}
	s.names[mapped] = name
	return mapped
}

// clientName is the client's name for the tool Cohere calls name.
func (s *chatState) clientName(name []byte) string {
	if c, ok := s.names[string(name)]; ok {
		return c
	}
	return string(name)
}

func validName(name string) bool {
	if name == "" || '0' <= name[0] && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !nameByte(name[i]) {
			return false
		}
	}
	return true
}

func nameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// toolCallID names the i-th tool call of a generation. Cohere's calls
// have no ids and a client needs one to answer each; the generation id
// keeps them apart from other answers' calls in a history.
func toolCallID(generation []byte, i int) string {
	b := make([]byte, 0, 48)
	b = append(b, "call_"...)
	n := 0
	for _, c := range generation {
		if n == 32 {
			break
		}
		if nameByte(c) && c != '_' {
			b = append(b, c)
			n++
		}
	}
	if n > 0 {
		b = append(b, '_')
	}
	b = strconv.AppendInt(b, int64(i), 10)
	return string(b)
}
