package azure

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"

// Writing the chunks a Stream relays: Azure's own bytes where they can
// stay, rewritten choices where <think> text or the alias demands it.

// appendChunk appends the chunk data member by member: model set to the
// alias (added if missing), usage left out when the chunk has choices (it
// goes in a chunk of its own), and, when rewrite is set, the choices
// rewritten.
func (s *Stream) appendChunk(dst, data, choices []byte, rewrite bool) []byte {
	obj, _ := jsonw.ObjectMembers(data)
	dst = append(dst, '{')
	hasModel := false
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		if jsonw.KeyIs(k, "usage") && !emptyOrAbsentArray(choices) {
			continue
		}
		dst = jsonw.AppendKey(dst, k)
		switch {
		case jsonw.KeyIs(k, "model"):
			dst = jsonw.AppendString(dst, s.st.Model)
			hasModel = true
		case jsonw.KeyIs(k, "choices") && rewrite:
			dst = s.appendChoices(dst, choices)
		// A filter annotation leaves these empty; the client gets the
		// stream's own.
		case jsonw.KeyIs(k, "id") && string(v) == `""` && len(s.id) > 0:
			dst = append(dst, s.id...)
		case jsonw.KeyIs(k, "created") && string(v) == "0" && len(s.created) > 0:
			dst = append(dst, s.created...)
		case jsonw.KeyIs(k, "object") && string(v) == `""`:
			dst = append(dst, `"chat.completion.chunk"`...)
		default:
			dst = append(dst, v...)
		}
	}
	if !hasModel {
		dst = jsonw.AppendSep(dst)
		dst = append(dst, `"model":`...)
		dst = jsonw.AppendString(dst, s.st.Model)
	}
	return append(dst, '}')
}

// appendChoices appends choices with the rewritten ones replaced.
func (s *Stream) appendChoices(dst, choices []byte) []byte {
	elems, _ := jsonw.ArrayItems(choices)
	dst = append(dst, '[')
	for c, ok := elems.Next(); ok; c, ok = elems.Next() {
		dst = jsonw.AppendSep(dst)
		index, _ := jsonw.Lookup(c, "index")
		ch := s.choice(index)
		if ch == nil || !ch.rewrite {
			dst = append(dst, c...)
			continue
		}
		ch.rewrite = false
		m, _ := jsonw.ObjectMembers(c)
		dst = append(dst, '{')
		hasDelta := false
		for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
			dst = jsonw.AppendKey(dst, k)
			if jsonw.KeyIs(k, "delta") {
				dst = appendDelta(dst, v, ch)
				hasDelta = true
			} else {
				dst = append(dst, v...)
			}
		}
		if !hasDelta {
			dst = jsonw.AppendSep(dst)
			dst = append(dst, `"delta":`...)
			dst = appendDelta(dst, nil, ch)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendDelta appends delta with its content replaced by ch's text:
// reasoning_content, then content.
func appendDelta(dst, delta []byte, ch *choiceState) []byte {
	dst = append(dst, '{')
	hadContent := false
	if m, ok := jsonw.ObjectMembers(delta); ok {
		for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
			switch {
			case jsonw.KeyIs(k, "content"):
				hadContent = true
				continue
			case jsonw.KeyIs(k, "reasoning_content") && len(ch.r) > 0:
				continue
			}
			dst = jsonw.AppendKey(dst, k)
			dst = append(dst, v...)
		}
	}
	if len(ch.r) > 0 {
		dst = jsonw.AppendSep(dst)
		dst = append(dst, `"reasoning_content":`...)
		dst = jsonw.AppendStringBytes(dst, ch.r)
	}
	if hadContent || len(ch.c) > 0 {
		dst = jsonw.AppendSep(dst)
		dst = append(dst, `"content":`...)
		dst = jsonw.AppendStringBytes(dst, ch.c)
	}
	return append(dst, '}')
}

// appendUsageChunk appends OpenAI's usage chunk, once, if the client
// asked for usage.
func (s *Stream) appendUsageChunk(dst, usage []byte) []byte {
	if !s.st.IncludeUsage || s.usageSent {
		return dst
	}
	s.usageSent = true
	dst = s.appendHead(dst)
	dst = append(dst, `[],"usage":`...)
	dst = append(dst, usage...)
	return append(dst, "}\n\n"...)
}

// appendHead appends `data: {"id":...,"model":...,"choices":` for a chunk
// the gateway writes itself.
func (s *Stream) appendHead(dst []byte) []byte {
	dst = append(dst, `data: {"id":`...)
	if len(s.id) > 0 {
		dst = append(dst, s.id...)
	} else {
		dst = append(dst, `""`...)
	}
	dst = append(dst, `,"object":"chat.completion.chunk","created":`...)
	if len(s.created) > 0 {
		dst = append(dst, s.created...)
	} else {
		dst = append(dst, '0')
	}
	dst = append(dst, `,"model":`...)
	dst = jsonw.AppendString(dst, s.st.Model)
	return append(dst, `,"choices":`...)
}

// flushChoices appends a chunk with the text still held for choices whose
// stream ended without a finish_reason.
func (s *Stream) flushChoices(dst []byte) []byte {
	for i := range s.choices {
		ch := &s.choices[i]
		ch.r, ch.c = ch.think.Flush(ch.r[:0], ch.c[:0])
		if len(ch.r)+len(ch.c) == 0 {
			continue
		}
		dst = s.appendHead(dst)
		dst = append(dst, `[{"index":`...)
		dst = appendChoiceIndex(dst, i)
		dst = append(dst, `,"delta":`...)
		dst = appendDelta(dst, nil, ch)
		dst = append(dst, `,"logprobs":null,"finish_reason":null}]}`+"\n\n"...)
	}
	return dst
}

func appendChoiceIndex(dst []byte, i int) []byte {
	if i < 10 {
		return append(dst, byte('0'+i))
	}
	return append(appendChoiceIndex(dst, i/10), byte('0'+i%10))
}
