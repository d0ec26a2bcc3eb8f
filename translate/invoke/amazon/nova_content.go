package amazon

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// What Nova's InvokeModel takes less than Converse does: documents are
// Converse's alone ("The Invoke API supports the same features as the
// Converse API except for document input modality"), and Nova takes
// cache points in system and messages but not among the tools.

// novaMessages returns msgs without documents when drop_params allows
// leaving them out, and refuses the first one otherwise. Messages are
// copied only when a part goes: the request stays as the client sent it.
func (p *params) novaMessages(msgs []translate.Message) ([]translate.Message, *translate.Error) {
	out := msgs
	for i := range msgs {
		parts := msgs[i].Content.Parts
		var kept []translate.ContentPart
		for j := range parts {
			if !isDocument(&parts[j]) {
				if kept != nil {
					kept = append(kept, parts[j])
				}
				continue
			}
			param := "messages[" + strconv.Itoa(i) + "].content[" + strconv.Itoa(j) + "]"
			if !p.drop {
				e := translate.BadRequest(param, "%s: %s models take no documents through InvokeModel, only text and images; send the document's text instead, or set drop_params on the model to leave it out", param, novaName)
				e.Code = "unsupported_content"
				return nil, e
			}
			p.note(param)
			if kept == nil {
				kept = append(make([]translate.ContentPart, 0, len(parts)), parts[:j]...)
			}
		}
		if kept == nil {
			continue
		}
		if &out[0] == &msgs[0] {
			out = slices.Clone(msgs)
		}
		out[i].Content.Parts = kept
	}
	return out, nil
}

// isDocument reports whether Converse would send p as a document: a part
// whose declared media type is not an image's. The type is declared as
// Converse reads it: by format, else by the data URL, else (file parts)
// by the file name. A remote URL declares nothing until it is fetched and
// is taken for the image it claims to be; a file part that declares
// nothing is left to Converse, which refuses it.
func isDocument(p *translate.ContentPart) bool {
	var format, url, filename string
	switch {
	case p.Type == "image_url" && p.ImageURL != nil:
		format, url = p.ImageURL.Format, p.ImageURL.URL
	case p.Type == "file" && p.File != nil:
		format, url, filename = p.File.Format, p.File.FileData, p.File.Filename
	default:
		return false
	}
	mt := format
	if mt == "" && len(url) > 5 && strings.EqualFold(url[:5], "data:") {
		mt, _, _ = strings.Cut(url[5:], ",")
		mt, _, _ = strings.Cut(mt, ";")
	}
	if mt == "" {
		mt = strings.TrimPrefix(path.Ext(filename), ".")
	}
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case mt == "", strings.HasPrefix(mt, "image/"):
		return false
	case strings.Contains(mt, "/"):
		return true
	}
	// A bare format or extension ("png", "pdf").
	return mt != "png" && mt != "jpeg" && mt != "jpg" && mt != "gif" && mt != "webp"
}

// novaTools returns tools without cache_control, which Nova does not
// take on tools; the tools are copied only when one had it.
func (p *params) novaTools(tools []translate.Tool) []translate.Tool {
	out := tools
	for i := range tools {
		if tools[i].CacheControl == nil {
			continue
		}
		if &out[0] == &tools[0] {
			out = slices.Clone(tools)
		}
		out[i].CacheControl = nil
		p.note("cache_control")
	}
	return out
}
