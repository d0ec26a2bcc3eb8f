package translate

import (
	"bytes"
	"net/http"
)

// FromAzure turns an Azure response body into the one answered to the
// client, appended to dst. Azure already answers in OpenAI's shape, so the
// body is copied member by member, values verbatim (prompt_filter_results,
// content_filter_results, usage details and whatever Azure adds later
// included), with two changes:
//   - "model" becomes st.Model, the alias the client asked for, as in
//     every other provider's responses;
//   - a message whose content starts with <think>…</think> (DeepSeek R1
//     and similar on Azure AI) gets that reasoning moved to
//     reasoning_content, unless Azure filled reasoning_content itself.
//
// It serves embeddings and image-generation responses too (they have no
// choices; image responses have no model either, and get none). usage is
// what Azure reported; on error dst is returned unchanged.
func FromAzure(dst, body []byte, st *AzureState) (out []byte, usage Usage, err *Error) {
	obj, ok := objectMembers(body)
	if !ok || !validJSON(body) {
		return dst, Usage{}, &Error{Status: http.StatusBadGateway, Type: ErrUpstream,
			Message: "Azure returned an unreadable response"}
	}
	dst = append(dst, '{')
	for k, v, ok := obj.next(); ok; k, v, ok = obj.next() {
		dst = appendKey(dst, k)
		switch {
		case memberKeyIs(k, "model") && st.Model != "":
			dst = AppendString(dst, st.Model)
		case memberKeyIs(k, "choices") && bytes.Contains(v, thinkPrefilter):
			dst = appendChoicesSplitThink(dst, v)
		case memberKeyIs(k, "usage"):
			usage, _ = parseAzureUsage(v)
			dst = append(dst, v...)
		default:
			dst = append(dst, v...)
		}
	}
	return append(dst, '}'), usage, nil
}

// thinkPrefilter spots choices that may hold a <think> tag, escaped or not
// (encoders differ: Go's writes \u003cthink\u003e).
var thinkPrefilter = []byte("think")

// appendChoicesSplitThink appends the choices array with <think> text
// moved out of each message's content.
func appendChoicesSplitThink(dst, choices []byte) []byte {
	elems, ok := arrayItems(choices)
	if !ok {
		return append(dst, choices...)
	}
	dst = append(dst, '[')
	for c, ok := elems.next(); ok; c, ok = elems.next() {
		dst = appendSep(dst)
		m, ok := objectMembers(c)
		if !ok {
			dst = append(dst, c...)
			continue
		}
		dst = append(dst, '{')
		for k, v, ok := m.next(); ok; k, v, ok = m.next() {
			dst = appendKey(dst, k)
			if memberKeyIs(k, "message") {
				dst = appendMessageSplitThink(dst, v)
			} else {
				dst = append(dst, v...)
			}
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendMessageSplitThink appends msg with its <think> text, if any, in
// reasoning_content.
func appendMessageSplitThink(dst, msg []byte) []byte {
	m, ok := objectMembers(msg)
	if !ok {
		return append(dst, msg...)
	}
	var content, reasoning []byte
	for k, v, ok := m.next(); ok; k, v, ok = m.next() {
		switch {
		case memberKeyIs(k, "content"):
			content = v
		case memberKeyIs(k, "reasoning_content"):
			reasoning = v
		}
	}
	if !isJSONString(content) || isJSONString(reasoning) && len(reasoning) > 2 {
		return append(dst, msg...)
	}
	var t thinkSplitter
	text := appendUnquoted(nil, content)
	r, c := t.feed(nil, nil, text)
	r, c = t.flush(r, c)
	if len(r) == 0 && bytes.Equal(c, text) {
		return append(dst, msg...)
	}

	m, _ = objectMembers(msg)
	dst = append(dst, '{')
	for k, v, ok := m.next(); ok; k, v, ok = m.next() {
		dst = appendKey(dst, k)
		switch {
		case memberKeyIs(k, "content"):
			dst = appendStringBytes(dst, c)
			if reasoning == nil && len(r) > 0 {
				dst = append(dst, `,"reasoning_content":`...)
				dst = appendStringBytes(dst, r)
			}
		case memberKeyIs(k, "reasoning_content") && len(r) > 0:
			dst = appendStringBytes(dst, r)
		default:
			dst = append(dst, v...)
		}
	}
	return append(dst, '}')
}

// parseAzureUsage reads OpenAI's usage object. Counts it cannot read are
// left at zero rather than failing a response over its accounting.
func parseAzureUsage(v []byte) (Usage, bool) {
	m, ok := objectMembers(v)
	if !ok {
		return Usage{}, false
	}
	var u Usage
	for k, val, ok := m.next(); ok; k, val, ok = m.next() {
		switch {
		case memberKeyIs(k, "prompt_tokens"):
			u.PromptTokens, _ = jsonCount(val)
		case memberKeyIs(k, "completion_tokens"):
			u.CompletionTokens, _ = jsonCount(val)
		case memberKeyIs(k, "total_tokens"):
			u.TotalTokens, _ = jsonCount(val)
		case memberKeyIs(k, "prompt_tokens_details"):
			if c, ok := member(val, "cached_tokens"); ok {
				u.CachedTokens, _ = jsonCount(c)
			}
		}
	}
	if u.TotalTokens == 0 {
		u.TotalTokens = u.PromptTokens + u.CompletionTokens
	}
	return u, true
}
