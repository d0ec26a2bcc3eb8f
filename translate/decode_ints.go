package translate

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"

// Integer parameters are decoded by hand, within a range, so that no
// client number reaches an upstream or the gateway's arithmetic unchecked:
// 9223372036854775807 as max_tokens is refused here rather than wrapping
// around when the thinking headroom is added to it.

const (
	// MaxTokenCount bounds every token count a client sends (max_tokens,
	// max_completion_tokens, thinking.budget_tokens) where no firmer limit
	// is known. It is ten times the largest context window any model offers
	// (10M tokens), so no request a service would take is refused, and it
	// keeps the sums the gateway forms from counts (a budget plus its
	// headroom) far from overflowing, even in a 32-bit int.
	MaxTokenCount = 100_000_000

	// maxChoices and maxTopLogprobs are the ranges OpenAI's API reference
	// gives for n (1 to 128) and top_logprobs (0 to 20); Azure OpenAI's
	// are the same.
	maxChoices     = 128
	maxTopLogprobs = 20
)

// decodeInt decodes an integer parameter, null as nil, refusing anything
// outside [lo, hi].
func decodeInt(raw []byte, param string, lo, hi int) (*int, *Error) {
	if jsonw.IsNull(raw) {
		return nil, nil
	}
	n, err := parseInt(raw, param, lo, hi)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// CheckInt checks an integer parameter that is forwarded as the client
// wrote it, refusing anything outside [lo, hi] with a 400 naming param;
// null and absence (nil) pass.
func CheckInt(raw []byte, param string, lo, hi int) *Error {
	if raw == nil || jsonw.IsNull(raw) {
		return nil
	}
	_, err := parseInt(raw, param, lo, hi)
	return err
}

// parseInt reads a valid JSON value as an integer in [lo, hi]. Numbers
// with a fraction or an exponent are refused even when their value is
// whole (10.0, 1e3), as OpenAI refuses them. lo and hi must lie within
// ±MaxTokenCount: digits stop accumulating once the value passes it, so
// the loop cannot overflow whatever the length of the literal.
func parseInt(raw []byte, param string, lo, hi int) (int, *Error) {
	if len(raw) == 0 {
		return 0, BadRequest(param, "invalid value for '%s': expected an integer", param)
	}
	digits := raw
	if raw[0] == '-' {
		digits = raw[1:]
	}
	if len(digits) == 0 || digits[0] < '0' || digits[0] > '9' {
		return 0, BadRequest(param, "invalid value for '%s': expected an integer, got %s", param, kindOf(raw))
	}
	n := 0
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, BadRequest(param, "invalid value for '%s': expected an integer, got %s", param, literalText(raw))
		}
		if n <= MaxTokenCount {
			n = n*10 + int(c-'0')
		}
	}
	if len(digits) != len(raw) {
		n = -n
	}
	if n < lo || n > hi {
		return 0, OutOfRange(param, lo, hi, literalText(raw))
	}
	return n, nil
}

// OutOfRange is the 400 for an integer outside [lo, hi]; got is the
// value as the client wrote it.
func OutOfRange(param string, lo, hi int, got string) *Error {
	return BadRequest(param, "invalid value for '%s': expected an integer between %d and %d, got %s", param, lo, hi, got)
}

// literalText quotes a number literal in an error message, cut short: a
// literal can be a megabyte of digits.
func literalText(raw []byte) string {
	const max = 32
	if len(raw) > max {
		return string(raw[:max]) + "…"
	}
	return string(raw)
}
