package amazon

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
)

// Answer reads {"images":["..."],"error":null}. A content filter that
// withheld some of the images says so in error and answers the others;
// one that withheld all answers none.
func (f family) Answer(body []byte, a *images.Answer) *translate.Error {
	if !images.Valid(body) {
		return images.Unreadable(f.m.name)
	}
	imgs, _ := images.Lookup(body, "images")
	images.Items(imgs, func(img []byte) {
		if images.IsString(img) {
			a.Images = append(a.Images, img)
		}
	})
	if msg, ok := images.Lookup(body, "error"); ok && images.IsString(msg) {
		text := images.Text(msg)
		if !strings.Contains(strings.ToLower(text), "content filter") {
			if len(a.Images) == 0 {
				return images.ModelFailed(f.m.name, text)
			}
		} else {
			a.Filtered++
			a.Reason = text
		}
	}
	return a.Check(f.m.name)
}
