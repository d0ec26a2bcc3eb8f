package rerank

import (
	"strconv"
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Bedrock's Rerank API limits (API_agent-runtime_Rerank,
// API_agent-runtime_RerankTextDocument): 1 to 1000 sources, and texts of 1
// to 32000 characters, the query's included. The InvokeModel route is
// held to the same, so a request means the same on either route.
const (
	MaxDocuments = 1000
	MaxTextChars = 32000
)

// Request is a parsed rerank request. Its texts are the client's JSON
// string literals, quotes and escapes included, aliasing the request
// body: the caller keeps the body alive while it uses them.
type Request struct {
	Query     []byte
	Documents [][]byte
	// TopN is how many results to answer: top_n, at most the number of
	// documents; all of them when the client sent none.
	TopN int
	// ReturnDocuments answers each result's document text. LiteLLM's
	// default is true.
	ReturnDocuments bool
	// IgnoredMaxChunks is set when the client sent max_chunks_per_doc,
	// which Bedrock has no setting for.
	IgnoredMaxChunks bool
	// Dropped are the unknown parameters left out under drop_params.
	Dropped []string
}

// params are the parameters a rerank request takes, for error messages.
const params = "model, query, documents, top_n, return_documents and max_chunks_per_doc"

// Parse reads a rerank request from the members of its body, which
// translate.SplitObject has validated. Errors are 400s naming the
// parameter, e.g. documents[2]. An unknown parameter is refused with code
// unsupported_parameter, or with drop left out and listed in Dropped.
func Parse(members []translate.Member, drop bool) (*Request, *translate.Error) {
	req := &Request{ReturnDocuments: true}
	var topN []byte
	for _, m := range members {
		switch m.Key {
		case "model":
		case "query":
			q, err := text(m.Value, func() string { return "query" })
			if err != nil {
				return nil, err
			}
			req.Query = q
		case "documents":
			if err := req.documents(m.Value); err != nil {
				return nil, err
			}
		case "top_n":
			topN = m.Value
		case "return_documents":
			switch string(m.Value) {
			case "true", "null":
				req.ReturnDocuments = true
			case "false":
				req.ReturnDocuments = false
			default:
				return nil, translate.BadRequest("return_documents", "invalid value for 'return_documents': expected a boolean")
			}
		case "max_chunks_per_doc":
			req.IgnoredMaxChunks = true
		default:
			if translate.GatewayField(m.Key) {
				continue // never the client's to set, and never forwarded
			}
			if drop {
				req.Dropped = append(req.Dropped, m.Key)
				continue
			}
			e := translate.Unsupported(m.Key, "rerank")
			e.Message += " (rerank takes " + params + ")"
			return nil, e
		}
	}
	switch {
	case req.Query == nil:
		return nil, translate.BadRequest("query", "you must provide a query parameter")
	case req.Documents == nil:
		return nil, translate.BadRequest("documents", "you must provide a documents parameter")
	}
	req.TopN = len(req.Documents)
	if topN != nil && !jsonw.IsNull(topN) {
		if err := translate.CheckInt(topN, "top_n", 1, MaxDocuments); err != nil {
			return nil, err
		}
		n, _ := jsonw.Count(topN) // in range, so plain digits
		req.TopN = min(n, len(req.Documents))
	}
	return req, nil
}

// documents reads the documents array: strings, or objects whose "text"
// is the document (Cohere's and Jina's object documents).
func (req *Request) documents(raw []byte) *translate.Error {
	items, ok := jsonw.ArrayItems(raw)
	if !ok {
		return translate.BadRequest("documents", "invalid value for 'documents': expected an array of strings or of objects with a 'text' string")
	}
	docs := make([][]byte, 0, 16)
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		i := len(docs)
		if i == MaxDocuments {
			return translate.BadRequest("documents", "too many documents: at most %d may be reranked in one request", MaxDocuments)
		}
		field := ""
		if jsonw.IsObject(v) {
			t, found := jsonw.Lookup(v, "text")
			if !found {
				param := documentParam(i, "")
				return translate.BadRequest(param, "%s: an object document must have a 'text' string", param)
			}
			v, field = t, ".text"
		}
		// The parameter's name is only built for an error: a request has
		// up to a thousand documents.
		t, err := text(v, func() string { return documentParam(i, field) })
		if err != nil {
			return err
		}
		docs = append(docs, t)
	}
	if len(docs) == 0 {
		return translate.BadRequest("documents", "'documents' must hold at least one document")
	}
	req.Documents = docs
	return nil
}

// documentParam names documents[i], or a field of it.
func documentParam(i int, field string) string {
	return "documents[" + strconv.Itoa(i) + "]" + field
}

// text checks a text parameter, named by param: a string of 1 to
// MaxTextChars characters.
func text(v []byte, param func() string) ([]byte, *translate.Error) {
	if !jsonw.IsString(v) {
		p := param()
		return nil, translate.BadRequest(p, "invalid value for '%s': expected a string", p)
	}
	if len(v) == 2 {
		p := param()
		return nil, translate.BadRequest(p, "'%s' must not be empty", p)
	}
	// A literal holds at least one byte per character, so only one longer
	// than the limit needs its characters counted.
	if len(v)-2 > MaxTextChars {
		if n := utf8.RuneCount(jsonw.AppendUnquoted(nil, v)); n > MaxTextChars {
			p := param()
			return nil, translate.BadRequest(p, "'%s' is %d characters long; Bedrock reranks texts of at most %d", p, n, MaxTextChars)
		}
	}
	return v, nil
}
