package textw

// ValidBase64 checks standard, padded base64 without decoding it, so that
// bad data gets a 400 naming its parameter rather than the upstream's
// generic error.
func ValidBase64[T Text](s T) bool {
	if len(s) == 0 || len(s)%4 != 0 {
		return false
	}
	pad := 0
	if s[len(s)-1] == '=' {
		pad++
		if s[len(s)-2] == '=' {
			pad++
		}
	}
	for i := 0; i < len(s)-pad; i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}
