package translate

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Usage is the token accounting of one response, in OpenAI's terms. The
// handler also uses it for logs and placeholders.
type Usage struct {
	// PromptTokens counts every input token, cached or not, as OpenAI's
	// prompt_tokens does.
	PromptTokens     int
	CompletionTokens int
	TotalTokens      int
	// CachedTokens were read from the prompt cache (part of PromptTokens).
	CachedTokens int
	// CacheWriteTokens were written to the prompt cache (part of
	// PromptTokens); providers bill them above the plain input price.
	CacheWriteTokens int
}

// usageFromBedrock converts Bedrock's accounting. Bedrock's inputTokens
// counts only the input that was neither read from nor written to the
// cache (as Anthropic's input_tokens does), while OpenAI's prompt_tokens
// counts all input and reports the cache reads inside it as cached_tokens.
// So prompt_tokens is the sum of the three, and total_tokens is recomputed
// so that prompt_tokens + completion_tokens = total_tokens always holds;
// Bedrock's own totalTokens is the same sum when it is consistent.
func usageFromBedrock(u *TokenUsage) Usage {
	if u == nil {
		return Usage{}
	}
	prompt := u.InputTokens + u.CacheReadInputTokens + u.CacheWriteInputTokens
	return Usage{
		PromptTokens:     prompt,
		CompletionTokens: u.OutputTokens,
		TotalTokens:      prompt + u.OutputTokens,
		CachedTokens:     u.CacheReadInputTokens,
		CacheWriteTokens: u.CacheWriteInputTokens,
	}
}

// appendUsage appends the usage object. cache_read_input_tokens and
// cache_creation_input_tokens are the names LiteLLM clients read the cache
// figures from; prompt_tokens_details.cached_tokens is OpenAI's.
func appendUsage(dst []byte, u Usage) []byte {
	dst = append(dst, `{"prompt_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.PromptTokens), 10)
	dst = append(dst, `,"completion_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CompletionTokens), 10)
	dst = append(dst, `,"total_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.TotalTokens), 10)
	dst = append(dst, `,"prompt_tokens_details":{"cached_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CachedTokens), 10)
	dst = append(dst, `},"cache_read_input_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CachedTokens), 10)
	dst = append(dst, `,"cache_creation_input_tokens":`...)
	dst = strconv.AppendInt(dst, int64(u.CacheWriteTokens), 10)
	return append(dst, '}')
}

// finishReason maps a Converse stopReason to an OpenAI finish_reason.
// Unknown reasons become "stop": clients only branch on the known values.
func finishReason(stopReason string) string {
	switch stopReason {
	case "end_turn", "stop_sequence":
		return "stop"
	case "max_tokens", "model_context_window_exceeded":
		return "length"
	case "tool_use":
		return "tool_calls"
	case "guardrail_intervened", "content_filtered":
		return "content_filter"
	}
	return "stop"
}

// The helpers below read JSON that validJSON has accepted, without
// reflection or allocation: they exist for the stream transcoder, which
// reads a few fields from every event. They check bounds anyway, so input
// that skipped validation yields garbage, never a panic.

// jsonMembers iterates over the members of a JSON object.
type jsonMembers struct {
	b []byte
	i int
}

// objectMembers starts iterating over obj; ok is false if obj is not an object.
func objectMembers(obj []byte) (m jsonMembers, ok bool) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return jsonMembers{}, false
	}
	return jsonMembers{b: obj, i: i + 1}, true
}

// next returns the next member: its key as a raw string literal, and its
// raw value.
func (m *jsonMembers) next() (key, val []byte, ok bool) {
	b := m.b
	i := skipSpace(b, m.i)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		return nil, nil, false
	}
	end := skipString(b, i)
	key = b[i:end]
	i = skipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return nil, nil, false
	}
	if i = skipSpace(b, i+1); i >= len(b) {
		return nil, nil, false
	}
	vend := skipValue(b, i)
	m.i = vend
	return key, b[i:vend], true
}

// memberKeyIs reports whether the raw key literal names k.
func memberKeyIs(raw []byte, k string) bool {
	if len(raw) < 2 {
		return false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' {
			var buf [32]byte
			return string(appendUnquoted(buf[:0], raw)) == k
		}
	}
	return string(inner) == k
}

// isJSONString reports whether the raw value v is a string literal.
func isJSONString(v []byte) bool { return len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' }

// appendUnquoted appends the text of the JSON string literal lit to dst.
// Like encoding/json it turns unpaired surrogate escapes into U+FFFD; raw
// invalid UTF-8 is copied, for appendStringBytes to replace.
func appendUnquoted(dst, lit []byte) []byte {
	if !isJSONString(lit) {
		return dst
	}
	s := lit[1 : len(lit)-1]
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			j := i + 1
			for j < len(s) && s[j] != '\\' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		if i+1 >= len(s) {
			break
		}
		c := s[i+1]
		i += 2
		switch c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := unquoteHex4(s, i)
			if !ok {
				return dst
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r2, ok = unquoteHex4(s, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
	}
	return dst
}

func unquoteHex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// jsonCount parses a raw JSON number that must be a non-negative integer
// small enough for any token count or block index.
func jsonCount(v []byte) (int, bool) {
	if len(v) == 0 || len(v) > 15 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
