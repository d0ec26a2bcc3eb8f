package converse

import (
	"path"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// media translates an image_url or file part into an image or a document
// block, by media type (see translate.PartMedia). Base64 text is passed
// through as the client sent it, never decoded: Converse takes the same
// base64 text.
func (c *builder) media(i, j int, p *translate.ContentPart) (*ImageBlock, *DocumentBlock, *translate.Error) {
	m, err := translate.PartMedia(p, i, j, c.opts.FetchImage)
	if err != nil {
		return nil, nil, err
	}
	kind, fmtName := mediaFormat(m.MediaType)
	if kind == 0 {
		param := translate.PartParam(i, j) + "." + p.Type
		return nil, nil, translate.BadRequest(param, "%s: unsupported media type %q: images may be png, jpeg, gif or webp; documents pdf, csv, txt, html, md, doc, docx, xls or xlsx", param, m.MediaType)
	}
	src := BinarySource{Bytes: m.Data}
	if kind == mediaImage {
		return &ImageBlock{Format: fmtName, Source: src}, nil, nil
	}
	return nil, &DocumentBlock{Format: fmtName, Name: c.docName(m.Filename), Source: src}, nil
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
