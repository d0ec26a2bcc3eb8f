package converse

import (
	"encoding/base64"
	"errors"
	"path"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// media translates an image_url or file part into an image or a document
// block, by media type: an image_url may carry a PDF and a file part may
// carry an image, as LiteLLM allows. Base64 text is passed through as the
// client sent it, never decoded: Converse takes the same base64 text.
//
// The media type is, in order: the part's "format" (LiteLLM's explicit
// media type), the data URL's or the fetched media type, the file name's
// extension.
func (c *builder) media(i, j int, p *translate.ContentPart) (*ImageBlock, *DocumentBlock, *translate.Error) {
	// The param is built only for an error: this runs for every part.
	field := ".image_url"
	param := func() string { return partParam(i, j) + field }
	var mediaType, data, format, filename string
	fetched := false
	switch p.Type {
	case "image_url":
		if p.ImageURL == nil || p.ImageURL.URL == "" {
			return nil, nil, translate.BadRequest(param()+".url", "%s.url is required", param())
		}
		u := p.ImageURL.URL
		format = p.ImageURL.Format
		switch {
		case hasPrefixFold(u, "data:"):
			var ok bool
			if mediaType, data, ok = splitDataURL(u); !ok {
				return nil, nil, badDataURL(param())
			}
		case hasPrefixFold(u, "https://"), hasPrefixFold(u, "http://"):
			var err *translate.Error
			if mediaType, data, err = c.fetch(param, u); err != nil {
				return nil, nil, err
			}
			fetched = true
		default:
			return nil, nil, translate.BadRequest(param()+".url", "%s.url must be a base64 data URL (data:image/png;base64,...) or an http(s) URL", param())
		}
	case "file":
		field = ".file"
		f := p.File
		switch {
		case f == nil:
			return nil, nil, translate.BadRequest(param(), "%s is required", param())
		case f.FileData == "" && f.FileID != "":
			return nil, nil, translate.BadRequest(param()+".file_id", "%s.file_id is not supported: this gateway has no files API; send the file inline as file_data (a base64 data URL)", param())
		case f.FileData == "":
			return nil, nil, translate.BadRequest(param()+".file_data", "%s.file_data is required", param())
		}
		format, filename = f.Format, f.Filename
		if hasPrefixFold(f.FileData, "data:") {
			var ok bool
			if mediaType, data, ok = splitDataURL(f.FileData); !ok {
				return nil, nil, badDataURL(param() + ".file_data")
			}
		} else {
			// Bare base64, typed by format or the file name.
			data = f.FileData
		}
	}
	if format != "" {
		mediaType = format
	}
	mediaType = normalizeMediaType(mediaType)
	if mediaType != "" && !strings.Contains(mediaType, "/") {
		// A bare format ("png", "pdf"), as some clients send in format.
		if mt := mediaTypeByExt("." + mediaType); mt != "" {
			mediaType = mt
		}
	}
	if mediaType == "" && filename != "" {
		mediaType = mediaTypeByExt(filename)
	}
	if mediaType == "" {
		return nil, nil, translate.BadRequest(param(), "%s: unknown media type: send a data URL (data:<media type>;base64,...) or set format to the media type", param())
	}
	kind, fmtName := mediaFormat(mediaType)
	if kind == 0 {
		return nil, nil, translate.BadRequest(param(), "%s: unsupported media type %q: images may be png, jpeg, gif or webp; documents pdf, csv, txt, html, md, doc, docx, xls or xlsx", param(), mediaType)
	}
	if !fetched && !validBase64(data) {
		return nil, nil, translate.BadRequest(param(), "%s: the data is not valid base64 (standard alphabet, padded)", param())
	}
	src := BinarySource{Bytes: data}
	if kind == mediaImage {
		return &ImageBlock{Format: fmtName, Source: src}, nil, nil
	}
	return nil, &DocumentBlock{Format: fmtName, Name: c.docName(filename), Source: src}, nil
}

// fetch gets a remote image through opts.FetchImage, the only way the
// gateway reaches out on a client's behalf; without it, remote URLs are
// refused rather than silently fetched.
func (c *builder) fetch(param func() string, url string) (mediaType, data string, err *translate.Error) {
	if c.opts.FetchImage == nil {
		return "", "", translate.BadRequest(param()+".url", "%s.url: remote image URLs are disabled on this model; send the image as a base64 data URL, or set allow_remote_images on the model to let the gateway fetch it", param())
	}
	mt, raw, ferr := c.opts.FetchImage(url)
	if ferr != nil {
		var e *translate.Error
		if errors.As(ferr, &e) {
			return "", "", e
		}
		return "", "", translate.BadRequest(param()+".url", "%s.url: could not fetch the image: %v", param(), ferr)
	}
	return mt, base64.StdEncoding.EncodeToString(raw), nil
}

func badDataURL(param string) *translate.Error {
	return translate.BadRequest(param, "%s: malformed data URL: expected data:<media type>;base64,<data>", param)
}

// splitDataURL splits data:<media type>[;param...];base64,<data>. Data URLs
// that are not base64 are refused: Converse takes bytes as base64 only.
func splitDataURL(u string) (mediaType, data string, ok bool) {
	meta, data, found := strings.Cut(u[len("data:"):], ",")
	if !found {
		return "", "", false
	}
	meta, isBase64 := cutSuffixFold(meta, ";base64")
	if !isBase64 {
		return "", "", false
	}
	mediaType, _, _ = strings.Cut(meta, ";")
	return mediaType, data, true
}

// normalizeMediaType lowercases a media type and drops its parameters.
func normalizeMediaType(mt string) string {
	mt, _, _ = strings.Cut(mt, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

type mediaKind int

const (
	mediaImage mediaKind = iota + 1
	mediaDocument
)

// mediaFormat maps a media type to a Converse image or document format.
func mediaFormat(mt string) (mediaKind, string) {
	switch mt {
	case "image/png":
		return mediaImage, "png"
	case "image/jpeg", "image/jpg":
		return mediaImage, "jpeg"
	case "image/gif":
		return mediaImage, "gif"
	case "image/webp":
		return mediaImage, "webp"
	case "application/pdf":
		return mediaDocument, "pdf"
	case "text/csv":
		return mediaDocument, "csv"
	case "text/plain":
		return mediaDocument, "txt"
	case "text/html":
		return mediaDocument, "html"
	case "text/markdown", "text/x-markdown":
		return mediaDocument, "md"
	case "application/msword":
		return mediaDocument, "doc"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return mediaDocument, "docx"
	case "application/vnd.ms-excel":
		return mediaDocument, "xls"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return mediaDocument, "xlsx"
	}
	return 0, ""
}

// mediaTypeByExt types bare base64 file_data by its file name.
func mediaTypeByExt(filename string) string {
	switch strings.ToLower(path.Ext(filename)) {
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".pdf":
		return "application/pdf"
	case ".csv":
		return "text/csv"
	case ".txt":
		return "text/plain"
	case ".html", ".htm":
		return "text/html"
	case ".md", ".markdown":
		return "text/markdown"
	case ".doc":
		return "application/msword"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".xls":
		return "application/vnd.ms-excel"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return ""
}

// validBase64 checks standard, padded base64 without decoding it, so a bad
// upload gets a 400 naming the part instead of Bedrock's generic error.
func validBase64(s string) bool {
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

// maxDocNameLen is Bedrock's limit on a document name.
const maxDocNameLen = 200

// docName returns a name for the next document, unique within the request
// (Bedrock refuses duplicates): the file name without its extension, cut
// down to what Bedrock allows, else "document-N".
func (c *builder) docName(filename string) string {
	name := sanitizeDocName(filename)
	if name == "" {
		name = "document-" + strconv.Itoa(len(c.docNames)+1)
	}
	base := name
	for k := 2; docNameTaken(c.docNames, name); k++ {
		suffix := "-" + strconv.Itoa(k)
		if len(base)+len(suffix) > maxDocNameLen {
			base = strings.TrimRight(base[:maxDocNameLen-len(suffix)], " ")
		}
		name = base + suffix
	}
	c.docNames = append(c.docNames, name)
	return name
}

func docNameTaken(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// sanitizeDocName keeps what Bedrock allows in a document name: ASCII
// letters and digits, single spaces, hyphens, parentheses and square
// brackets. Anything else (underscores, dots, other scripts) becomes a space,
// so words stay apart.
func sanitizeDocName(filename string) string {
	if ext := path.Ext(filename); len(ext) < len(filename) {
		filename = filename[:len(filename)-len(ext)]
	}
	var b strings.Builder
	space := false
	for i := 0; i < len(filename); i++ {
		ch := filename[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9',
			ch == '-', ch == '(', ch == ')', ch == '[', ch == ']':
			n := b.Len() + 1
			sep := space && b.Len() > 0
			if sep {
				n++
			}
			if n > maxDocNameLen {
				return b.String()
			}
			if sep {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(ch)
		default:
			space = true
		}
	}
	return b.String()
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}
