package fakebedrock

import (
	"encoding/json"
	"strings"
)

// The agent runtime's Rerank API, POST /rerank, served next to the
// runtime as one proxy in front of both would. Its replies are scripted
// with Handle under the model ARN the body names, and it refuses with a
// ValidationException what the real service's documented constraints
// refuse (API_agent-runtime_Rerank).

const opRerank = "rerank"

// agentRoute recognises the Rerank API's path (after any prefix) and
// returns the model ARN its body names, or why the body is invalid.
func agentRoute(escapedPath string, body []byte) (modelARN, op, invalid string) {
	if !strings.HasSuffix(escapedPath, "/"+opRerank) || strings.Contains(escapedPath, "/model/") {
		return "", "", ""
	}
	var req struct {
		Queries []struct {
			Type      string `json:"type"`
			TextQuery struct {
				Text string `json:"text"`
			} `json:"textQuery"`
		} `json:"queries"`
		Sources []struct {
			Type   string `json:"type"`
			Inline struct {
				Type string `json:"type"`
				Text struct {
					Text string `json:"text"`
				} `json:"textDocument"`
			} `json:"inlineDocumentSource"`
		} `json:"sources"`
		Config struct {
			Type    string `json:"type"`
			Bedrock struct {
				Model struct {
					ARN string `json:"modelArn"`
				} `json:"modelConfiguration"`
				NumberOfResults *int `json:"numberOfResults"`
			} `json:"bedrockRerankingConfiguration"`
		} `json:"rerankingConfiguration"`
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return "", opRerank, "malformed request body: " + err.Error()
	}
	arn := req.Config.Bedrock.Model.ARN
	n := req.Config.Bedrock.NumberOfResults
	switch {
	case len(req.Queries) != 1 || req.Queries[0].Type != "TEXT" || req.Queries[0].TextQuery.Text == "":
		return arn, opRerank, "queries must hold exactly one TEXT query"
	case len(req.Sources) < 1 || len(req.Sources) > 1000:
		return arn, opRerank, "sources must hold 1 to 1000 items"
	case req.Config.Type != "BEDROCK_RERANKING_MODEL" || !strings.HasPrefix(arn, "arn:"):
		return arn, opRerank, "rerankingConfiguration must name a BEDROCK_RERANKING_MODEL by its ARN"
	case n != nil && (*n < 1 || *n > 1000):
		return arn, opRerank, "numberOfResults must be 1 to 1000"
	}
	for _, s := range req.Sources {
		if s.Type != "INLINE" || s.Inline.Type != "TEXT" || s.Inline.Text.Text == "" {
			return arn, opRerank, "every source must be an INLINE TEXT document"
		}
	}
	return arn, opRerank, ""
}
