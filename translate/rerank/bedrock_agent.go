package rerank

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// The Bedrock Agent Runtime's Rerank API: POST /rerank
// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Rerank.html).

// The fixed parts of a Rerank API body, around the query, each source
// and the model ARN.
const (
	agentHead        = `{"queries":[{"type":"TEXT","textQuery":{"text":`
	agentSources     = `}}],"sources":[`
	agentSourceOpen  = `{"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":`
	agentSourceClose = `}}}`
	agentConfig      = `],"rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL","bedrockRerankingConfiguration":{"modelConfiguration":{"modelArn":`
	agentResults     = `},"numberOfResults":`
	agentTail        = `}}}`
)

// AppendAgentBody appends the Rerank API body for req to dst: the query,
// every document as an INLINE TEXT source, and the model by its ARN with
// numberOfResults top_n. A nil dst is allocated at the body's size.
func AppendAgentBody(dst []byte, req *Request, modelARN string) []byte {
	if dst == nil {
		dst = make([]byte, 0, agentBodySize(req, modelARN))
	}
	dst = append(dst, agentHead...)
	dst = append(dst, req.Query...)
	dst = append(dst, agentSources...)
	for i, d := range req.Documents {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, agentSourceOpen...)
		dst = append(dst, d...)
		dst = append(dst, agentSourceClose...)
	}
	dst = append(dst, agentConfig...)
	dst = translate.AppendString(dst, modelARN)
	dst = append(dst, agentResults...)
	dst = strconv.AppendInt(dst, int64(req.TopN), 10)
	return append(dst, agentTail...)
}

// agentBodySize is the size of req's Rerank API body, give or take the
// escaping of an ARN (which has nothing to escape).
func agentBodySize(req *Request, modelARN string) int {
	n := len(agentHead) + len(req.Query) + len(agentSources) + len(agentConfig) + len(modelARN) + 2 +
		len(agentResults) + 4 + len(agentTail)
	for _, d := range req.Documents {
		n += len(agentSourceOpen) + len(d) + len(agentSourceClose) + 1
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
