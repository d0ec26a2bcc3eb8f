package converse

// Content blocks of a ConverseStream: text, tool calls and reasoning, each
// turned into the OpenAI delta that carries it.

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// blockStart handles {"contentBlockIndex":N,"start":{"toolUse":{"toolUseId","name"}}};
// other kinds of start carry nothing to send. Fields the gateway does not
// need may be missing: only what it reads must be well-formed.
func (s *Stream) blockStart(dst *[]byte, obj jsonw.Members) bool {
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
	k := s.tools
	s.tools++
	s.blocks = append(s.blocks, streamBlock{index: idx, tool: k})
	id := s.st.ClientToolID(string(jsonw.AppendUnquoted(nil, idRaw)))

	d := append(*dst, s.prefix...)
	d = append(d, `{"tool_calls":[{"index":`...)
	d = strconv.AppendInt(d, int64(k), 10)
	d = append(d, `,"id":`...)
	d = jsonw.AppendString(d, id)
	d = append(d, `,"type":"function","function":{"name":`...)
	d = jsonw.AppendString(d, name)
	d = append(d, `,"arguments":""}}]}`...)
	*dst = append(d, chunkEnd...)
	return true
}

// blockDelta handles {"contentBlockIndex":N,"delta":{...}} with a text,
// toolUse.input or reasoningContent delta; other deltas are ignored.
func (s *Stream) blockDelta(dst *[]byte, obj jsonw.Members) bool {
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
		s.content(dst, text)
	case toolUse != nil:
		input, ok := jsonw.Lookup(toolUse, "input")
		if !ok || !jsonw.IsString(input) {
			return false
		}
		idx, ok := jsonw.Count(index)
		if !ok {
			return false
		}
		b := s.block(idx)
		switch {
		case b == nil:
			// Input for a tool that never started: there is no id or
			// name to give the client.
			return false
		case b.json:
			s.content(dst, input)
		case b.tool >= 0 && len(input) > 2:
			d := append(*dst, s.prefix...)
			d = append(d, `{"tool_calls":[{"index":`...)
			d = strconv.AppendInt(d, int64(b.tool), 10)
			d = append(d, `,"function":{"arguments":`...)
			d = s.appendText(d, input)
			d = append(d, "}}]}"...)
			*dst = append(d, chunkEnd...)
		}
	case reasoning != nil:
		return s.reasoning(dst, reasoning)
	}
	return true
}

// content appends a content delta for the string literal lit.
func (s *Stream) content(dst *[]byte, lit []byte) {
	if len(lit) <= 2 {
		return
	}
	d := append(*dst, s.prefix...)
	d = append(d, `{"content":`...)
	d = s.appendText(d, lit)
	d = append(d, '}')
	*dst = append(d, chunkEnd...)
}

// reasoning handles {"text"}, {"signature"} or {"redactedContent"}.
func (s *Stream) reasoning(dst *[]byte, rc []byte) bool {
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
	d := *dst
	switch {
	case text != nil:
		if !jsonw.IsString(text) {
			return false
		}
		if len(text) <= 2 {
			return true
		}
		d = append(d, s.prefix...)
		d = append(d, `{"reasoning_content":`...)
		start := len(d)
		d = s.appendText(d, text)
		// The thinking text is the same JSON string: copy it rather than
		// encode it twice.
		end := len(d)
		d = append(d, `,"thinking_blocks":[{"type":"thinking","thinking":`...)
		d = append(d, d[start:end]...)
		d = append(d, "}]}"...)
	case sig != nil:
		if !jsonw.IsString(sig) {
			return false
		}
		d = append(d, s.prefix...)
		d = append(d, `{"thinking_blocks":[{"type":"thinking","thinking":"","signature":`...)
		d = s.appendText(d, sig)
		d = append(d, "}]}"...)
	case redacted != nil:
		// A blob: base64 in a JSON string, passed on as is.
		if !jsonw.IsString(redacted) {
			return false
		}
		d = append(d, s.prefix...)
		d = append(d, `{"thinking_blocks":[{"type":"redacted_thinking","data":`...)
		d = s.appendText(d, redacted)
		d = append(d, "}]}"...)
	default:
		return true
	}
	*dst = append(d, chunkEnd...)
	return true
}
