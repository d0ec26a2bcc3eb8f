package translate

import (
	"encoding/base64"
	"errors"
	"path"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/textw"
)

// Media is an image or a document an image_url or file part carries, for
// upstreams that take them inline as base64.
type Media struct {
	// MediaType is lowercased and without parameters: "image/png",
	// "application/pdf".
	MediaType string
	// Data is standard, padded base64: the client's text as it was sent
	// (never decoded and re-encoded), or the fetched bytes encoded.
	Data string
	// Filename is the file part's filename, if any.
	Filename string
}

// FetchFunc fetches a remote (http or https) image URL. The caller
// enforces size limits, timeouts and which hosts may be reached; its
// errors are shown to the client (a *Error is passed through as it is).
// The media type it returns may carry parameters ("image/png;
// charset=binary").
type FetchFunc func(url string) (mediaType string, data []byte, err error)

// PartMedia reads the image_url or file part j of messages[i]. An
// image_url may carry a PDF and a file part an image, as LiteLLM allows;
// which media types the upstream takes is the caller's to check.
//
// The media type is, in order: the part's "format" (LiteLLM's explicit
// media type), the data URL's or the fetched media type, the file name's
// extension. Remote URLs go through fetch, the only way the gateway
// reaches out on a client's behalf; without it they are refused rather
// than silently fetched.
func PartMedia(p *ContentPart, i, j int, fetch FetchFunc) (Media, *Error) {
	// The param is built only for an error: this runs for every part.
	param := func() string { return PartParam(i, j) + "." + p.Type }
	var m Media
	var format string
	fetched := false
	switch p.Type {
	case "image_url":
		if p.ImageURL == nil || p.ImageURL.URL == "" {
			return m, BadRequest(param()+".url", "%s.url is required", param())
		}
		u := p.ImageURL.URL
		format = p.ImageURL.Format
		switch {
		case textw.HasPrefixFold(u, "data:"):
			var ok bool
			if m.MediaType, m.Data, ok = textw.SplitDataURL(u); !ok {
				return m, badDataURL(param())
			}
		case textw.HasPrefixFold(u, "https://"), textw.HasPrefixFold(u, "http://"):
			var err *Error
			if m.MediaType, m.Data, err = fetchImage(fetch, param, u); err != nil {
				return m, err
			}
			fetched = true
		default:
			return m, BadRequest(param()+".url", "%s.url must be a base64 data URL (data:image/png;base64,...) or an http(s) URL", param())
		}
	case "file":
		f := p.File
		switch {
		case f == nil:
			return m, BadRequest(param(), "%s is required", param())
		case f.FileData == "" && f.FileID != "":
			return m, BadRequest(param()+".file_id", "%s.file_id is not supported: this gateway has no files API; send the file inline as file_data (a base64 data URL)", param())
		case f.FileData == "":
			return m, BadRequest(param()+".file_data", "%s.file_data is required", param())
		}
		format, m.Filename = f.Format, f.Filename
		if textw.HasPrefixFold(f.FileData, "data:") {
			var ok bool
			if m.MediaType, m.Data, ok = textw.SplitDataURL(f.FileData); !ok {
				return m, badDataURL(param() + ".file_data")
			}
		} else {
			// Bare base64, typed by format or the file name.
			m.Data = f.FileData
		}
	default:
		return m, BadRequest(param()+".type", "%s.type: %q is not an image or a file", param(), p.Type)
	}
	if format != "" {
		m.MediaType = format
	}
	m.MediaType = normalizeMediaType(m.MediaType)
	if m.MediaType != "" && !strings.Contains(m.MediaType, "/") {
		// A bare format ("png", "pdf"), as some clients send in format.
		if mt := mediaTypeByExt("." + m.MediaType); mt != "" {
			m.MediaType = mt
		}
	}
	if m.MediaType == "" && m.Filename != "" {
		m.MediaType = mediaTypeByExt(m.Filename)
	}
	if m.MediaType == "" {
		return m, BadRequest(param(), "%s: unknown media type: send a data URL (data:<media type>;base64,...) or set format to the media type", param())
	}
	if !fetched && !textw.ValidBase64(m.Data) {
		return m, BadRequest(param(), "%s: the data is not valid base64 (standard alphabet, padded)", param())
	}
	return m, nil
}

func fetchImage(fetch FetchFunc, param func() string, url string) (mediaType, data string, err *Error) {
	if fetch == nil {
		return "", "", BadRequest(param()+".url", "%s.url: remote image URLs are disabled on this model; send the image as a base64 data URL, or set allow_remote_images on the model to let the gateway fetch it", param())
	}
	mt, raw, ferr := fetch(url)
	if ferr != nil {
		var e *Error
		if errors.As(ferr, &e) {
			return "", "", e
		}
		return "", "", BadRequest(param()+".url", "%s.url: could not fetch the image: %v", param(), ferr)
	}
	return mt, base64.StdEncoding.EncodeToString(raw), nil
}

func badDataURL(param string) *Error {
	return BadRequest(param, "%s: malformed data URL: expected data:<media type>;base64,<data>", param)
}

// normalizeMediaType lowercases a media type and drops its parameters.
func normalizeMediaType(mt string) string {
	mt, _, _ = strings.Cut(mt, ";")
	return strings.ToLower(strings.TrimSpace(mt))
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
