package anthropic

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// state is what reading the answer needs to know about the request: it
// is invoke.State's Family. One per request; not safe for concurrent use.
type state struct {
	// toolIDs maps the tool-call ids rewritten for Anthropic back to the
	// client's.
	toolIDs translate.ToolIDs
	// jsonTool is set when the gateway forced translate.JSONToolName to
	// implement response_format: its input is the answer's content.
	jsonTool bool
}

// noState stands in for a State made elsewhere: nothing was rewritten.
var noState state

// familyState returns the family's part of st.
func familyState(st *invoke.State) *state {
	if st != nil {
		if fs, ok := st.Family.(*state); ok && fs != nil {
			return fs
		}
	}
	return &noState
}

// isJSONTool reports whether a tool_use block named name carries the
// answer to response_format rather than a call for the client to make.
func (s *state) isJSONTool(name []byte) bool {
	return s.jsonTool && string(name) == translate.JSONToolName
}
