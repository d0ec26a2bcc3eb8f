package rerank

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// The Bedrock Agent Runtime's Rerank API: POST /rerank
// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Rerank.html).

// AppendAgentBody appends the Rerank API body for req to dst: the query,
// every document as an INLINE TEXT source, and the model by its ARN with
// numberOfResults top_n.
func AppendAgentBody(dst []byte, req *Request, modelARN string) []byte {
	dst = append(dst, `{"queries":[{"type":"TEXT","textQuery":{"text":`...)
	dst = append(dst, req.Query...)
	dst = append(dst, `}}],"sources":[`...)
	for i, d := range req.Documents {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":`...)
		dst = append(dst, d...)
		dst = append(dst, `}}}`...)
	}
	dst = append(dst, `],"rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL","bedrockRerankingConfiguration":{"modelConfiguration":{"modelArn":`...)
	dst = translate.AppendString(dst, modelARN)
	dst = append(dst, `},"numberOfResults":`...)
	dst = strconv.AppendInt(dst, int64(req.TopN), 10)
	return append(dst, `}}}`...)
}

// AgentBodySize is the size of req's Rerank API body but for the model
// ARN, to size its buffer once.
func AgentBodySize(req *Request) int {
	n := 256 + len(req.Query)
	for _, d := range req.Documents {
		n += len(d) + 80
	}
	return n
}

// AgentResults reads a Rerank API answer ({"results": [{"index",
// "relevanceScore", "document"}], "nextToken"}) for req. numberOfResults
// never exceeds the sources, so every result comes in one answer and
// nextToken is not followed.
func AgentResults(answer []byte, req *Request) ([]Result, bool) {
	return parseResults(answer, "relevanceScore", len(req.Documents))
}
