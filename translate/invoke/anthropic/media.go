package anthropic

import (
	"encoding/base64"
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// media translates an image_url or file part (read by translate.PartMedia)
// into an image or a document block, by media type:
//
//   - png, jpeg, gif and webp images become image blocks, the client's
//     base64 passed through;
//   - PDFs become base64 document blocks, and plain text, CSV, Markdown
//     and HTML become text document blocks (the Messages API takes text
//     documents as text/plain), on models that take documents (Claude 3.5
//     and later); the file name is the document's title.
//
// keep is false when the part is dropped (drop_params) because the model
// cannot take it.
func (b *builder) media(i, j int, p *translate.ContentPart) (x block, keep bool, err *translate.Error) {
	m, err := translate.PartMedia(p, i, j, b.opts.FetchImage)
	if err != nil {
		return block{}, false, err
	}
	param := translate.PartParam(i, j) + "." + p.Type
	switch m.MediaType {
	case "image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp":
		mt := m.MediaType
		if mt == "image/jpg" {
			mt = "image/jpeg"
		}
		return block{Type: "image", Source: &source{Type: "base64", MediaType: mt, Data: m.Data}}, true, nil
	case "application/pdf", "text/plain", "text/csv", "text/markdown", "text/x-markdown", "text/html":
	default:
		return block{}, false, translate.BadRequest(param, "%s: unsupported media type %q: images may be png, jpeg, gif or webp; documents pdf, txt, csv, md or html", param, m.MediaType)
	}
	if !b.model.documents {
		if !b.opts.DropParams {
			e := translate.BadRequest(param, "%s: this model takes no documents (Claude 3.5 and later do); remove the file, or set drop_params on the model to leave it out", param)
			e.Code = "unsupported_content"
			return block{}, false, e
		}
		b.drop(param)
		return block{}, false, nil
	}
	x = block{Type: "document", Title: m.Filename}
	if m.MediaType == "application/pdf" {
		x.Source = &source{Type: "base64", MediaType: "application/pdf", Data: m.Data}
		return x, true, nil
	}
	text, derr := base64.StdEncoding.DecodeString(m.Data)
	if derr != nil || !utf8.Valid(text) {
		return block{}, false, translate.BadRequest(param, "%s: a %s document must be UTF-8 text", param, m.MediaType)
	}
	x.Source = &source{Type: "text", MediaType: "text/plain", Data: string(text)}
	return x, true, nil
}
