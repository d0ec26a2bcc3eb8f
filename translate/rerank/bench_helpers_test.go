package rerank

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func translateSplit(body []byte) ([]translate.Member, *translate.Error) {
	return translate.SplitObject(body)
}

// repeatDocs is n documents of some 300 bytes each, as a JSON array's
// elements.
func repeatDocs(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"Document ` + strconv.Itoa(i) + `: ` + strings.Repeat("a passage of retrieved text about models ", 7) + `"`)
	}
	return b.String()
}

// agentAnswer is a Rerank API answer scoring n documents.
func agentAnswer(n int) string {
	var b strings.Builder
	b.WriteString(`{"results":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"index":` + strconv.Itoa(i) + `,"relevanceScore":0.` + strconv.Itoa(1000+i*37%997) + `}`)
	}
	b.WriteString(`]}`)
	return b.String()
}
