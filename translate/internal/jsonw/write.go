package jsonw

// Writers that build JSON member by member into a caller's buffer.

// AppendSep appends the comma that separates a member or an element from
// the one before it, unless dst has just opened its object or array. A
// JSON value never ends in '{' or '[', so the last byte tells.
func AppendSep(dst []byte) []byte {
	if n := len(dst); n > 0 && dst[n-1] != '{' && dst[n-1] != '[' {
		return append(dst, ',')
	}
	return dst
}

// AppendKey appends a separator, the raw key literal and its colon.
func AppendKey(dst, key []byte) []byte {
	dst = AppendSep(dst)
	dst = append(dst, key...)
	return append(dst, ':')
}

// AppendCompact appends the valid JSON v without insignificant whitespace.
func AppendCompact(dst, v []byte) []byte {
	inString := false
	start := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case ' ', '\t', '\n', '\r':
			dst = append(dst, v[start:i]...)
			start = i + 1
		}
	}
	return append(dst, v[start:]...)
}
