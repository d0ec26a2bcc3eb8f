// Package textw checks and splits text that the translate packages hold
// both as Go strings (decoded chat content, headers) and as bytes sliced
// out of a request body (embedding inputs): case-insensitive prefixes
// and suffixes (HasPrefixFold, CutSuffixFold), standard base64
// (ValidBase64) and base64 data URLs (SplitDataURL). Each is generic over
// string and []byte, so neither kind of caller converts or copies.
package textw

// Text is what the helpers read.
type Text interface{ ~string | ~[]byte }
