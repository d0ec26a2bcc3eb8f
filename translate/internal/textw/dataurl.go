package textw

// SplitDataURL splits data:<media type>[;param...];base64,<data>. As media
// types are, the scheme and ";base64" are matched in any case; parameters
// before ";base64" (";charset=binary") are dropped. ok is false for
// anything else, data URLs that are not base64 included: the upstreams
// take bytes as base64 only.
func SplitDataURL[T Text](u T) (mediaType, data T, ok bool) {
	const scheme = "data:"
	if !HasPrefixFold(u, scheme) {
		return mediaType, data, false
	}
	rest := u[len(scheme):]
	comma := indexByte(rest, ',')
	if comma < 0 {
		return mediaType, data, false
	}
	meta, isBase64 := CutSuffixFold(rest[:comma], ";base64")
	if !isBase64 {
		return mediaType, data, false
	}
	if semi := indexByte(meta, ';'); semi >= 0 {
		meta = meta[:semi]
	}
	return meta, rest[comma+1:], true
}

func indexByte[T Text](s T, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
