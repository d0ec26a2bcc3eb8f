package rerank

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Result is one scored document of an upstream answer.
type Result struct {
	Index int
	Score float64
	// raw is the score as the upstream wrote it, answered as it is so
	// that no digit is lost or added in a round trip through float64.
	raw []byte
}

// documentsPerSearchUnit is how Bedrock and Cohere bill reranking: one
// search unit per query of up to 100 documents.
const documentsPerSearchUnit = 100

// AppendAnswer appends the client's answer to dst, grown once to its
// size: results sorted by score, highest first (ties in document order),
// at most req.TopN, with each document's text when req.ReturnDocuments.
// It sorts results in place.
func AppendAnswer(dst []byte, id string, req *Request, results []Result) []byte {
	slices.SortFunc(results, func(a, b Result) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Index, b.Index))
	})
	if len(results) > req.TopN {
		results = results[:req.TopN]
	}
	dst = slices.Grow(dst, answerSize(id, req, results))
	dst = append(dst, `{"id":`...)
	dst = jsonw.AppendString(dst, id)
	dst = append(dst, `,"results":[`...)
	for i, r := range results {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"index":`...)
		dst = strconv.AppendInt(dst, int64(r.Index), 10)
		dst = append(dst, `,"relevance_score":`...)
		dst = append(dst, r.raw...)
		if req.ReturnDocuments {
			dst = append(dst, `,"document":{"text":`...)
			dst = append(dst, req.Documents[r.Index]...)
			dst = append(dst, '}')
		}
		dst = append(dst, '}')
	}
	units := (len(req.Documents) + documentsPerSearchUnit - 1) / documentsPerSearchUnit
	dst = append(dst, `],"meta":{"billed_units":{"search_units":`...)
	dst = strconv.AppendInt(dst, int64(units), 10)
	return append(dst, "}}}"...)
}

// answerSize is about the size of the answer: the documents' texts, the
// scores as the upstream wrote them, and the JSON around them.
func answerSize(id string, req *Request, results []Result) int {
	const perResult = len(`{"index":1000,"relevance_score":,"document":{"text":}},`)
	n := 96 + len(id)
	for _, r := range results {
		n += perResult + len(r.raw)
		if req.ReturnDocuments {
			n += len(req.Documents[r.Index])
		}
	}
	return n
}

// parseResults reads the "results" array of an upstream answer, whose
// scores are under scoreKey. Every index must name one of n documents,
// and every score be a number; ok is false otherwise.
func parseResults(answer []byte, scoreKey string, n int) (results []Result, ok bool) {
	if !jsonw.Valid(answer) {
		return nil, false
	}
	raw, found := jsonw.Lookup(answer, "results")
	if !found {
		return nil, false
	}
	items, ok := jsonw.ArrayItems(raw)
	if !ok {
		return nil, false
	}
	results = make([]Result, 0, n)
	for item, more := items.Next(); more; item, more = items.Next() {
		r, ok := parseResult(item, scoreKey, n)
		if !ok || len(results) == n {
			return nil, false
		}
		results = append(results, r)
	}
	return results, true
}

func parseResult(item []byte, scoreKey string, n int) (Result, bool) {
	m, ok := jsonw.ObjectMembers(item)
	if !ok {
		return Result{}, false
	}
	r := Result{Index: -1}
	for k, v, more := m.Next(); more; k, v, more = m.Next() {
		switch {
		case jsonw.KeyIs(k, "index"):
			i, ok := jsonw.Count(v)
			if !ok || i >= n {
				return Result{}, false
			}
			r.Index = i
		case jsonw.KeyIs(k, scoreKey):
			f, err := strconv.ParseFloat(string(v), 64)
			if err != nil {
				return Result{}, false
			}
			r.Score, r.raw = f, v
		}
	}
	return r, r.Index >= 0 && r.raw != nil
}

// Unreadable is the error for an upstream answer the gateway cannot read.
func Unreadable() *translate.Error {
	return translate.BadUpstream("Bedrock returned an unreadable rerank answer")
}
