package llmgateway

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkServeRerank100 is a rerank of 100 documents of some 300 bytes
// through the Rerank API: parsed, written as Bedrock's body, signed, and
// the top 10 of 100 scores answered with their documents.
func BenchmarkServeRerank100(b *testing.B) {
	var docs, results strings.Builder
	for i := range 100 {
		if i > 0 {
			docs.WriteByte(',')
			results.WriteByte(',')
		}
		docs.WriteString(`"Document ` + strconv.Itoa(i) + `: ` + strings.Repeat("a passage of retrieved text about models ", 7) + `"`)
		results.WriteString(`{"index":` + strconv.Itoa(i) + `,"relevanceScore":0.` + strconv.Itoa(1000+i*37%997) + `}`)
	}
	answer := `{"results":[` + results.String() + `]}`
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	benchServeAt(b, g, "/v1/rerank", `{"model":"rerank","query":"which passage is about rerank models?","top_n":10,"documents":[`+docs.String()+`]}`)
}
