package azure

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Response turns an Azure response body into the one answered to the
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
func Response(dst, body []byte, st *State) (out []byte, usage translate.Usage, err *translate.Error) {
	obj, ok := jsonw.ObjectMembers(body)
	if !ok || !jsonw.Valid(body) {
		return dst, translate.Usage{}, translate.BadUpstream("Azure returned an unreadable response")
	}
	dst = append(dst, '{')
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		dst = jsonw.AppendKey(dst, k)
		switch {
		case jsonw.KeyIs(k, "model") && st.Model != "":
			dst = jsonw.AppendString(dst, st.Model)
		case jsonw.KeyIs(k, "choices") && bytes.Contains(v, thinkPrefilter):
			dst = appendChoicesSplitThink(dst, v)
		case jsonw.KeyIs(k, "usage"):
			usage, _ = parseUsage(v)
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
	elems, ok := jsonw.ArrayItems(choices)
	if !ok {
		return append(dst, choices...)
	}
	dst = append(dst, '[')
	for c, ok := elems.Next(); ok; c, ok = elems.Next() {
		dst = jsonw.AppendSep(dst)
		m, ok := jsonw.ObjectMembers(c)
		if !ok {
			dst = append(dst, c...)
			continue
		}
		dst = append(dst, '{')
		for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
			dst = jsonw.AppendKey(dst, k)
			if jsonw.KeyIs(k, "message") {
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
	m, ok := jsonw.ObjectMembers(msg)
	if !ok {
		return append(dst, msg...)
	}
	var content, reasoning []byte
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "content"):
			content = v
		case jsonw.KeyIs(k, "reasoning_content"):
			reasoning = v
		}
	}
	if !jsonw.IsString(content) || jsonw.IsString(reasoning) && len(reasoning) > 2 {
		return append(dst, msg...)
	}
	var t translate.ThinkSplitter
	text := jsonw.AppendUnquoted(nil, content)
	r, c := t.Feed(nil, nil, text)
	r, c = t.Flush(r, c)
	if len(r) == 0 && bytes.Equal(c, text) {
		return append(dst, msg...)
	}

	m, _ = jsonw.ObjectMembers(msg)
	dst = append(dst, '{')
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		dst = jsonw.AppendKey(dst, k)
		switch {
		case jsonw.KeyIs(k, "content"):
			dst = jsonw.AppendStringBytes(dst, c)
			if reasoning == nil && len(r) > 0 {
				dst = append(dst, `,"reasoning_content":`...)
				dst = jsonw.AppendStringBytes(dst, r)
			}
		case jsonw.KeyIs(k, "reasoning_content") && len(r) > 0:
			dst = jsonw.AppendStringBytes(dst, r)
		default:
			dst = append(dst, v...)
		}
	}
	return append(dst, '}')
}

// parseUsage reads OpenAI's usage object. Counts it cannot read are
// left at zero rather than failing a response over its accounting.
func parseUsage(v []byte) (translate.Usage, bool) {
	m, ok := jsonw.ObjectMembers(v)
	if !ok {
		return translate.Usage{}, false
	}
	var u translate.Usage
	for k, val, ok := m.Next(); ok; k, val, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "prompt_tokens"):
			u.PromptTokens, _ = jsonw.Count(val)
		case jsonw.KeyIs(k, "completion_tokens"):
			u.CompletionTokens, _ = jsonw.Count(val)
		case jsonw.KeyIs(k, "total_tokens"):
			u.TotalTokens, _ = jsonw.Count(val)
		case jsonw.KeyIs(k, "prompt_tokens_details"):
			if c, ok := jsonw.Lookup(val, "cached_tokens"); ok {
				u.CachedTokens, _ = jsonw.Count(c)
			}
		case jsonw.KeyIs(k, "completion_tokens_details"):
			if r, ok := jsonw.Lookup(val, "reasoning_tokens"); ok {
				u.ReasoningTokens, _ = jsonw.Count(r)
			}
		}
	}
	if u.TotalTokens == 0 {
		u.TotalTokens = u.PromptTokens + u.CompletionTokens
	}
	return u, true
}
