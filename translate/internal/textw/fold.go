package textw

import "strings"

// HasPrefixFold reports whether s begins with prefix under Unicode case
// folding, as strings.EqualFold compares: URL schemes, media types and
// auth schemes are case-insensitive.
func HasPrefixFold[T Text](s T, prefix string) bool {
	// The conversion of a []byte that does not escape is not a copy to
	// the heap.
	return len(s) >= len(prefix) && strings.EqualFold(string(s[:len(prefix)]), prefix)
}

// CutSuffixFold returns s without suffix, matched as HasPrefixFold
// matches, and whether it was there.
func CutSuffixFold[T Text](s T, suffix string) (T, bool) {
	if n := len(s) - len(suffix); n >= 0 && strings.EqualFold(string(s[n:]), suffix) {
		return s[:n], true
	}
	return s, false
}
