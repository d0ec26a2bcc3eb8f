package amazon

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func TestIsDocument(t *testing.T) {
	img := func(url, format string) *translate.ContentPart {
		return &translate.ContentPart{Type: "image_url", ImageURL: &translate.ImageURL{URL: url, Format: format}}
	}
	file := func(data, format, name string) *translate.ContentPart {
		return &translate.ContentPart{Type: "file", File: &translate.FilePart{FileData: data, Format: format, Filename: name}}
	}
	for i, tc := range []struct {
		p    *translate.ContentPart
		want bool
	}{
		{&translate.ContentPart{Type: "text", Text: "hi"}, false},
		{file("data:application/pdf;base64,AAAA", "", ""), true},
		{file("data:image/png;base64,AAAA", "", ""), false}, // an image, whatever the part
		{file("AAAA", "", "scan.PNG"), false},
		{file("AAAA", "", "report.pdf"), true},
		{file("AAAA", "text/plain", "notes"), true},
		{file("AAAA", "", ""), false}, // Converse refuses it: unknown media type
		{&translate.ContentPart{Type: "file"}, false},
		{img("data:image/png;base64,AAAA", ""), false},
		{img("DATA:Image/JPEG;base64,AAAA", ""), false},
		{img("data:application/pdf;base64,AAAA", ""), true},
		{img("data:text/csv;charset=utf-8;base64,AAAA", ""), true},
		{img("data:application/pdf;base64,AAAA", "image/png"), false}, // format wins, as in Converse
		{img("data:image/png;base64,AAAA", "pdf"), true},
		{img("data:image/png;base64,AAAA", "webp"), false},
		{img("https://example.com/a.pdf", ""), false}, // only fetching tells
		{img("data:;base64,AAAA", ""), false},
		{&translate.ContentPart{Type: "image_url"}, false},
	} {
		if got := isDocument(tc.p); got != tc.want {
			t.Errorf("%d: isDocument = %v, want %v", i, got, tc.want)
		}
	}
}
