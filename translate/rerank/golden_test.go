package rerank

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

func validJSON(b []byte) bool { return json.Valid(b) }

// checkSized fails for a body that outgrew its first buffer, or whose
// buffer is more than the slack for top_n's digits too large.
func checkSized(t *testing.T, body []byte) {
	t.Helper()
	if slack := cap(body) - len(body); slack < 0 || slack > 5 {
		t.Errorf("body of %d bytes in a buffer of %d", len(body), cap(body))
	}
}

func readRequest(t *testing.T, name string) *Request {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "request", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	req, terr := parse(t, string(body))
	if terr != nil {
		t.Fatal(terr)
	}
	return req
}

// TestGoldenBodies: each request becomes the Rerank API's body and Cohere
// Rerank's InvokeModel body.
func TestGoldenBodies(t *testing.T) {
	covered := map[string]bool{}
	for _, name := range []string{"strings", "objects"} {
		covered[name], covered[name+".agent"], covered[name+".cohere"] = true, true, true
		t.Run(name, func(t *testing.T) {
			req := readRequest(t, name)
			arn := ModelARN("us-west-2", "amazon.rerank-v1:0")
			agent := AppendAgentBody(nil, req, arn)
			checkSized(t, agent)
			translatetest.CompareJSON(t, filepath.Join("testdata", "request", name+".agent.golden.json"), agent)
			cohere := AppendCohereBody(nil, req)
			checkSized(t, cohere)
			translatetest.CompareJSON(t, filepath.Join("testdata", "request", name+".cohere.golden.json"), cohere)
		})
	}
	translatetest.CheckCovered(t, filepath.Join("testdata", "request"), covered)
}

// TestGoldenAnswers: each upstream answer, for the five-document request,
// becomes the client's: sorted, cut to top_n, with documents.
func TestGoldenAnswers(t *testing.T) {
	req := readRequest(t, "strings")
	for _, tc := range []struct {
		name  string
		parse func([]byte) ([]Result, string, bool)
	}{
		{"agent", func(b []byte) ([]Result, string, bool) { r, ok := AgentResults(b, req); return r, "rerank-test", ok }},
		{"cohere", func(b []byte) ([]Result, string, bool) { return CohereResults(b, req) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "answer", tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			results, id, ok := tc.parse(raw)
			if !ok {
				t.Fatal("answer not read")
			}
			out := AppendAnswer(nil, id, req, results)
			translatetest.CompareJSON(t, filepath.Join("testdata", "answer", tc.name+".golden.json"), out)
		})
	}
	translatetest.CheckCovered(t, filepath.Join("testdata", "answer"), map[string]bool{"agent": true, "cohere": true})
}

func TestAnswerWithoutDocuments(t *testing.T) {
	req := &Request{Documents: make([][]byte, 250), TopN: 2}
	results, ok := AgentResults([]byte(`{"results":[{"index":7,"relevanceScore":0.5},{"index":249,"relevanceScore":1},{"index":0,"relevanceScore":0}]}`), req)
	if !ok {
		t.Fatal("answer not read")
	}
	want := `{"id":"x","results":[{"index":249,"relevance_score":1},{"index":7,"relevance_score":0.5}],"meta":{"billed_units":{"search_units":3}}}`
	if got := AppendAnswer(nil, "x", req, results); string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestUnreadableAnswers(t *testing.T) {
	req := &Request{Documents: make([][]byte, 2), TopN: 2}
	for i, answer := range []string{
		``, `{`, `[]`, `{"results":{}}`, `{"nextToken":"x"}`,
		`{"results":[{"index":2,"relevanceScore":0.1}]}`,
		`{"results":[{"index":-1,"relevanceScore":0.1}]}`,
		`{"results":[{"index":0,"relevanceScore":"0.1"}]}`,
		`{"results":[{"index":0}]}`,
		`{"results":[{"relevanceScore":0.3}]}`,
		`{"results":[{"index":0,"relevanceScore":1},{"index":1,"relevanceScore":1},{"index":0,"relevanceScore":1}]}`,
	} {
		if _, ok := AgentResults([]byte(answer), req); ok {
			t.Errorf("%d: %s was read", i, answer)
		}
	}
}

func BenchmarkRerank100(b *testing.B) {
	body := []byte(`{"model":"rerank","query":"which document talks about rerank models?","top_n":10,"documents":[` +
		repeatDocs(100) + `]}`)
	answer := []byte(agentAnswer(100))
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		members, _ := translateSplit(body)
		req, _ := Parse(members, false)
		_ = AppendAgentBody(nil, req, "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0")
		results, _ := AgentResults(answer, req)
		_ = AppendAnswer(nil, "id", req, results)
	}
}

// TestUnreadableFailsOver: an answer Bedrock garbled is the upstream's
// fault, so another deployment of the alias is tried.
func TestUnreadableFailsOver(t *testing.T) {
	if e := Unreadable(); e.Status != 502 || !e.Kind.Retryable() {
		t.Errorf("Unreadable() = %+v, want a retryable 502", e)
	}
}
