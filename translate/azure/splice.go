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
	obj, ok := jsonw.ObjectMembers(body)
	if !ok || !jsonw.Valid(body) {
		return nil, nil, nil, translate.Usage{}, translate.BadUpstream("Azure returned an unreadable response")
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
		}
	}
	return head, model, tail, usage, nil
}
