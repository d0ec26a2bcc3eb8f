package embeddings

import (
	"bytes"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/textw"
)

// Images come as data URLs (a string input, or an object's "image") or,
// in an object, as bare base64 whose first bytes tell the format. The
// formats are those every multimodal Bedrock embedding model takes.

// dataURLInput reads a string literal that is a data URL of an image; ok
// is false when the string is not one (it is then text). As media types
// are, the scheme, type and ";base64" are matched in any case, and
// parameters before ";base64" (";charset=binary") are skipped.
func dataURLInput(lit []byte, param string) (in Input, ok bool, err *translate.Error) {
	s := unquoted(lit)
	const prefix = "data:image/"
	if !textw.HasPrefixFold(s, prefix) {
		return Input{}, false, nil
	}
	mediaType, data, isBase64 := textw.SplitDataURL(s)
	if !isBase64 {
		return Input{}, true, translate.BadRequest(param, "'%s' is a data URL without base64 data: "+
			"send images as data:image/png;base64,...", param)
	}
	subtype := mediaType[len("image/"):]
	format := imageFormat(strings.ToLower(string(subtype)))
	if format == "" {
		return Input{}, true, translate.BadRequest(param, "'%s' is an image/%s; the embedding models take png, jpeg, gif and webp",
			param, shorten(subtype))
	}
	if !textw.ValidBase64(data) {
		return Input{}, true, translate.BadRequest(param, "'%s' holds invalid base64 data", param)
	}
	return Input{Kind: KindImage, Format: format, Data: data}, true, nil
}

// bareImage reads base64 image data that is not a data URL.
func bareImage(lit []byte, param string) (Input, *translate.Error) {
	data := unquoted(lit)
	if !textw.ValidBase64(data) {
		return Input{}, translate.BadRequest(param, "'%s' must be a data URL or base64 image data", param)
	}
	format := sniffFormat(data)
	if format == "" {
		return Input{}, translate.BadRequest(param, "cannot tell the format of '%s': send it as a data URL "+
			"(data:image/png;base64,...)", param)
	}
	return Input{Kind: KindImage, Format: format, Data: data}, nil
}

// unquoted is the text of a string literal: the bytes between its quotes,
// decoded only when it holds escapes (rare in URLs and base64).
func unquoted(lit []byte) []byte {
	inner := lit[1 : len(lit)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	return jsonw.AppendUnquoted(nil, lit)
}

func imageFormat(subtype string) string {
	switch subtype {
	case "png", "gif", "webp", "jpeg":
		return subtype
	case "jpg":
		return "jpeg"
	}
	return ""
}

// sniffFormat tells an image's format from the base64 of its magic bytes.
func sniffFormat(b64 []byte) string {
	for _, s := range []struct{ prefix, format string }{
		{"iVBORw0KGgo", "png"}, {"/9j/", "jpeg"}, {"R0lGOD", "gif"}, {"UklGR", "webp"},
	} {
		if bytes.HasPrefix(b64, []byte(s.prefix)) {
			return s.format
		}
	}
	return ""
}
