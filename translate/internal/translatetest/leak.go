package translatetest

import "strings"

// Helpers for the fuzz properties that secrets embedded in fuzzed text do
// not leak (bedrockruntime.FuzzRedactAWS, azure.FuzzError).

// FuzzedFrom maps the bytes of raw that are not in set onto it, keeping
// between min and max of them (padding with R).
func FuzzedFrom(raw, set string, min, max int) string {
	if len(raw) > max {
		raw = raw[:max]
	}
	if len(raw) < min {
		raw += strings.Repeat("R", min-len(raw))
	}
	b := []byte(raw)
	for i, c := range b {
		if strings.IndexByte(set, c) < 0 {
			b[i] = set[int(c)%len(set)]
		}
	}
	return string(b)
}

// Rot moves digits by 5 and letters by 13 within their class.
func Rot(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case '0' <= c && c <= '9':
			b[i] = '0' + (c-'0'+5)%10
		case 'A' <= c && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		case 'a' <= c && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		}
	}
	return string(b)
}

// LeakedPiece returns a piece of secret, 8 characters or more (all of a
// shorter secret), found in got but not in ref, the output for the same
// text with the secret swapped for another: a piece of the secret itself,
// not of the text around it.
func LeakedPiece(got, ref, secret string) string {
	n := min(8, len(secret))
	for i := 0; i+n <= len(secret); i++ {
		piece := secret[i : i+n]
		if strings.Contains(got, piece) && !strings.Contains(ref, piece) {
			return piece
		}
	}
	return ""
}
