package translate

import "net/http"

// SpliceAzure is FromAzure for embeddings and image generations, whose
// answers can run to hundreds of megabytes and need only their model
// replaced: instead of copying body it returns the bytes before and after
// the top-level "model" value and the alias to write between them, so the
// caller can send the three in turn and never hold a second copy. With no
// model member (image answers) head is the whole body. usage is what
// Azure reported.
func SpliceAzure(body []byte, alias string) (head, model, tail []byte, usage Usage, err *Error) {
	obj, ok := objectMembers(body)
	if !ok || !validJSON(body) {
		return nil, nil, nil, Usage{}, &Error{Status: http.StatusBadGateway, Type: ErrUpstream,
			Message: "Azure returned an unreadable response"}
	}
	head = body
	for k, v, ok := obj.next(); ok; k, v, ok = obj.next() {
		switch {
		case memberKeyIs(k, "model") && model == nil && alias != "":
			end := obj.i
			start := end - len(v)
			head, model, tail = body[:start], AppendString(nil, alias), body[end:]
		case memberKeyIs(k, "usage"):
			usage, _ = parseAzureUsage(v)
		}
	}
	return head, model, tail, usage, nil
}
