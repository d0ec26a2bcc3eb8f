package azure

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Splice is Response for embeddings and image generations, whose
// answers can run to hundreds of megabytes and need only their model
// replaced: instead of copying body it returns the bytes before and after
// the top-level "model" value and the alias to write between them, so the
// caller can send the three in turn and never hold a second copy. With no
// model member (image answers) head is the whole body. usage is what
// Azure reported.
func Splice(body []byte, alias string) (head, model, tail []byte, usage translate.Usage, err *translate.Error) {
	head, model, tail, _, usage, err = splice(body, alias, false)
	return head, model, tail, usage, err
}

// SpliceImages is Splice for image answers that also counts the images in
// data, which an image answer is billed by: it reads the answer no further
// than it must to find where each one ends.
func SpliceImages(body []byte, alias string) (head, model, tail []byte, images int, usage translate.Usage, err *translate.Error) {
	return splice(body, alias, true)
}

func splice(body []byte, alias string, countData bool) (head, model, tail []byte, images int, usage translate.Usage, err *translate.Error) {
	obj, ok := jsonw.ObjectMembers(body)
	if !ok || !jsonw.Valid(body) {
		return nil, nil, nil, 0, translate.Usage{}, translate.BadUpstream("Azure returned an unreadable response")
	}
	head = body
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		switch {
		case jsonw.KeyIs(k, "model") && model == nil && alias != "":
			end := obj.ValueEnd()
			start := end - len(v)
			head, model, tail = body[:start], jsonw.AppendString(nil, alias), body[end:]
		case jsonw.KeyIs(k, "usage"):
			usage, _ = parseUsage(v)
		case countData && jsonw.KeyIs(k, "data"):
			images = countItems(v)
		}
	}
	return head, model, tail, images, usage, nil
}

// countItems is the length of a JSON array, 0 for any other value.
func countItems(v []byte) int {
	items, ok := jsonw.ArrayItems(v)
	n := 0
	for ok {
		if _, ok = items.Next(); ok {
			n++
		}
	}
	return n
}
