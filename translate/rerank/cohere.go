package rerank

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Cohere Rerank through InvokeModel: the model's native body, {"query",
// "documents", "top_n", "api_version": 2}, answered with {"id",
// "results": [{"index", "relevance_score"}]}.

// cohereAPIVersion is the only api_version Cohere Rerank 3.5 on Bedrock
// takes.
const cohereAPIVersion = "2"

// AppendCohereBody appends Cohere Rerank's InvokeModel body for req to
// dst. A nil dst is allocated at the body's size.
func AppendCohereBody(dst []byte, req *Request) []byte {
	if dst == nil {
		dst = make([]byte, 0, cohereBodySize(req))
	}
	dst = append(dst, `{"query":`...)
	dst = append(dst, req.Query...)
	dst = append(dst, `,"documents":[`...)
	for i, d := range req.Documents {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, d...)
	}
	dst = append(dst, `],"top_n":`...)
	dst = strconv.AppendInt(dst, int64(req.TopN), 10)
	return append(dst, `,"api_version":`+cohereAPIVersion+`}`...)
}

// cohereBodySize is the size of req's InvokeModel body, give or take the
// digits of top_n.
func cohereBodySize(req *Request) int {
	n := len(`{"query":,"documents":[],"top_n":,"api_version":`+cohereAPIVersion+`}`) + 4 + len(req.Query)
	for _, d := range req.Documents {
		n += len(d) + 1
	}
	return n
}

// CohereResults reads Cohere Rerank's answer for req, and its id ("" when
// it has none).
func CohereResults(answer []byte, req *Request) (results []Result, id string, ok bool) {
	results, ok = parseResults(answer, "relevance_score", len(req.Documents))
	if !ok {
		return nil, "", false
	}
	if v, found := jsonw.Lookup(answer, "id"); found && jsonw.IsString(v) {
		id = string(jsonw.AppendUnquoted(nil, v))
	}
	return results, id, true
}
