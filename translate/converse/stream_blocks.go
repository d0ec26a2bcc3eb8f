package converse

// Content blocks of a ConverseStream: text, tool calls and reasoning, each
// said to the stream's ChunkWriter.

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// blockStart handles {"contentBlockIndex":N,"start":{"toolUse":{"toolUseId","name"}}};
// other kinds of start carry nothing to send. Fields the gateway does not
// need may be missing: only what it reads must be well-formed.
func (s *Stream) blockStart(obj jsonw.Members) bool {
	var index, start []byte
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		switch {
		case jsonw.KeyIs(k, "contentBlockIndex"):
			index = v
		case jsonw.KeyIs(k, "start"):
			start = v
		}
	}
	toolUse, ok := jsonw.Lookup(start, "toolUse")
	if !ok {
		return true
	}
	idx, ok := jsonw.Count(index)
	if !ok {
		return false
	}
	var idRaw, nameRaw []byte
	m, ok := jsonw.ObjectMembers(toolUse)
	if !ok {
		return false
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "toolUseId"):
			idRaw = v
		case jsonw.KeyIs(k, "name"):
			nameRaw = v
		}
	}
	if !jsonw.IsString(idRaw) || !jsonw.IsString(nameRaw) {
		return false
	}
	// Tool starts are rare: strings are fine here.
	name := string(jsonw.AppendUnquoted(nil, nameRaw))
	if s.st.JSONTool != "" && name == s.st.JSONTool {
		s.jsonTool = true
		s.blocks = append(s.blocks, streamBlock{index: idx, tool: -1, json: true})
		return true
	}
	s.tools++
	call := s.w.ToolCall(s.st.ClientToolID(string(jsonw.AppendUnquoted(nil, idRaw))), name)
	s.blocks = append(s.blocks, streamBlock{index: idx, tool: call})
	return true
}

// blockDelta handles {"contentBlockIndex":N,"delta":{...}} with a text,
// toolUse.input or reasoningContent delta; other deltas are ignored.
func (s *Stream) blockDelta(obj jsonw.Members) bool {
	var index, delta []byte
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		switch {
		case jsonw.KeyIs(k, "contentBlockIndex"):
			index = v
		case jsonw.KeyIs(k, "delta"):
			delta = v
		}
	}
	m, ok := jsonw.ObjectMembers(delta)
	if !ok {
		return false
	}
	var text, toolUse, reasoning []byte
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "text"):
			text = v
		case jsonw.KeyIs(k, "toolUse"):
			toolUse = v
		case jsonw.KeyIs(k, "reasoningContent"):
			reasoning = v
		}
	}
	switch {
	case text != nil:
		if !jsonw.IsString(text) {
			return false
		}
		s.w.Text(jsonw.Unquoted(text, &s.text))
	case toolUse != nil:
		input, ok := jsonw.Lookup(toolUse, "input")
		if !ok || !jsonw.IsString(input) {
			return false
		}
		idx, ok := jsonw.Count(index)
		if !ok {
			return false
		}
		switch b := s.block(idx); {
		case b == nil:
			// Input for a tool that never started: there is no id or
			// name to give the client.
			return false
		case b.json:
			s.w.Text(jsonw.Unquoted(input, &s.text))
		default:
			s.w.ToolArgsTo(b.tool, jsonw.Unquoted(input, &s.text))
		}
	case reasoning != nil:
		return s.reasoning(reasoning)
	}
	return true
}

// reasoning handles {"text"}, {"signature"} or {"redactedContent"}.
func (s *Stream) reasoning(rc []byte) bool {
	m, ok := jsonw.ObjectMembers(rc)
	if !ok {
		return false
	}
	var text, sig, redacted []byte
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "text"):
			text = v
		case jsonw.KeyIs(k, "signature"):
			sig = v
		case jsonw.KeyIs(k, "redactedContent"):
			redacted = v
		}
	}
	switch {
	case text != nil:
		if !jsonw.IsString(text) {
			return false
		}
		s.w.Reasoning(jsonw.Unquoted(text, &s.text))
	case sig != nil:
		if !jsonw.IsString(sig) {
			return false
		}
		s.w.Signature(string(jsonw.Unquoted(sig, &s.text)))
	case redacted != nil:
		// A blob: base64 in a JSON string, passed on as is.
		if !jsonw.IsString(redacted) {
			return false
		}
		s.w.RedactedThinking(string(jsonw.Unquoted(redacted, &s.text)))
	}
	return true
}
