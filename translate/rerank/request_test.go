package rerank

import (
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func parse(t testing.TB, body string) (*Request, *translate.Error) {
	t.Helper()
	members, err := translate.SplitObject([]byte(body))
	if err != nil {
		t.Fatalf("SplitObject: %v", err)
	}
	return Parse(members, false)
}

func TestParse(t *testing.T) {
	for i, tc := range []struct {
		body      string
		topN      int
		docs      []string
		returnDoc bool
		ignored   bool
	}{
		{body: `{"model":"m","query":"q","documents":["a","b","c"]}`, topN: 3, docs: []string{`"a"`, `"b"`, `"c"`}, returnDoc: true},
		{body: `{"model":"m","query":"q","documents":["a","b"],"top_n":1,"return_documents":false}`, topN: 1, docs: []string{`"a"`, `"b"`}},
		{body: `{"query":"q","documents":["a","b"],"top_n":50,"return_documents":null}`, topN: 2, docs: []string{`"a"`, `"b"`}, returnDoc: true},
		{body: `{"query":"q","documents":[{"text":"a\n","id":7},"b"],"top_n":null,"max_chunks_per_doc":4}`, topN: 2,
			docs: []string{`"a\n"`, `"b"`}, returnDoc: true, ignored: true},
		{body: `{"query":"q","documents":["a"],"api_key":"sk-not-forwarded","aws_region_name":"x"}`, topN: 1, docs: []string{`"a"`}, returnDoc: true},
	} {
		req, err := parse(t, tc.body)
		if err != nil {
			t.Errorf("%d: %v", i, err)
			continue
		}
		got := make([]string, len(req.Documents))
		for j, d := range req.Documents {
			got[j] = string(d)
		}
		if req.TopN != tc.topN || strings.Join(got, "|") != strings.Join(tc.docs, "|") ||
			req.ReturnDocuments != tc.returnDoc || req.IgnoredMaxChunks != tc.ignored || string(req.Query) != `"q"` {
			t.Errorf("%d: got %+v, documents %q", i, req, got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	long := `"` + strings.Repeat("é", MaxTextChars+1) + `"`
	atLimit := `"` + strings.Repeat("é", MaxTextChars) + `"` // twice as many bytes: counted, not refused
	many := `"d"` + strings.Repeat(`,"d"`, MaxDocuments)
	for i, tc := range []struct {
		body, param, msg string
	}{
		{`{"documents":["a"]}`, "query", "you must provide a query"},
		{`{"query":"q"}`, "documents", "you must provide a documents"},
		{`{"query":"","documents":["a"]}`, "query", "must not be empty"},
		{`{"query":7,"documents":["a"]}`, "query", "expected a string"},
		{`{"query":"q","documents":"a"}`, "documents", "expected an array"},
		{`{"query":"q","documents":[]}`, "documents", "at least one document"},
		{`{"query":"q","documents":["a","b",3]}`, "documents[2]", "expected a string"},
		{`{"query":"q","documents":["a",""]}`, "documents[1]", "must not be empty"},
		{`{"query":"q","documents":["a",{"title":"t"}]}`, "documents[1]", "must have a 'text' string"},
		{`{"query":"q","documents":[{"text":null}]}`, "documents[0].text", "expected a string"},
		{`{"query":"q","documents":["a",` + long + `]}`, "documents[1]", "32001 characters long"},
		{`{"query":` + long + `,"documents":["a"]}`, "query", "at most 32000"},
		{`{"query":"q","documents":[` + many + `]}`, "documents", "at most 1000"},
		{`{"query":"q","documents":["a"],"top_n":0}`, "top_n", "between 1 and 1000"},
		{`{"query":"q","documents":["a"],"top_n":1001}`, "top_n", "between 1 and 1000"},
		{`{"query":"q","documents":["a"],"top_n":2.5}`, "top_n", "expected an integer"},
		{`{"query":"q","documents":["a"],"return_documents":"yes"}`, "return_documents", "expected a boolean"},
		{`{"query":"q","documents":["a"],"rank_fields":["title"]}`, "rank_fields", "parameter 'rank_fields' is not supported by rerank"},
	} {
		_, err := parse(t, tc.body)
		if err == nil || err.Status != 400 || err.Param != tc.param || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: got %+v, want 400 on %s saying %q", i, err, tc.param, tc.msg)
		}
	}
	if _, err := parse(t, `{"query":`+atLimit+`,"documents":[`+atLimit+`]}`); err != nil {
		t.Errorf("texts of exactly %d characters: %v", MaxTextChars, err)
	}
}

func TestModelOf(t *testing.T) {
	for _, tc := range []struct{ id, provider string }{
		{"amazon.rerank-v1:0", "amazon"},
		{"cohere.rerank-v3-5:0", "cohere"},
		{"us.cohere.rerank-v3-5:0", "cohere"},
		{"arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", "amazon"},
		{"arn:aws:bedrock:us-west-2:123456789012:provisioned-model/abc", ""},
		{"cohere.command-r-v1:0", ""},
		{".rerank-v1", ""},
		// Only the providers Bedrock reranks with: no guess at others.
		{"example.rerank-v1:0", ""},
	} {
		if got, ok := ModelOf(tc.id); got != tc.provider || ok != (tc.provider != "") {
			t.Errorf("ModelOf(%q) = %q, %v", tc.id, got, ok)
		}
	}
}

func TestModelARN(t *testing.T) {
	for _, tc := range []struct{ region, id, want string }{
		{"us-west-2", "amazon.rerank-v1:0", "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"},
		{"cn-north-1", "cohere.rerank-v3-5:0", "arn:aws-cn:bedrock:cn-north-1::foundation-model/cohere.rerank-v3-5:0"},
		{"us-gov-west-1", "cohere.rerank-v3-5:0", "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/cohere.rerank-v3-5:0"},
		// An ARN stays as it is, whatever the account's region.
		{"us-east-1", "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"},
	} {
		if got := ModelARN(tc.region, tc.id); got != tc.want {
			t.Errorf("ModelARN(%q, %q) = %q", tc.region, tc.id, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"model":"m","query":"q","documents":["a","b"],"top_n":1}`,
		`{"query":"q","documents":[{"text":"a"},{"text":"\u00e9"}],"return_documents":false,"max_chunks_per_doc":3}`,
		`{"query":"","documents":[]}`,
		`{"query":"q","documents":[{"text":7}],"top_n":-1}`,
		`{"query":"q","documents":["a"],"top_n":99999999999999999999}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		members, err := translate.SplitObject(body)
		if err != nil {
			return
		}
		req, err := Parse(members, false)
		if err != nil {
			if err.Status != 400 || err.Message == "" {
				t.Fatalf("error %+v", err)
			}
			return
		}
		if len(req.Documents) == 0 || len(req.Documents) > MaxDocuments || req.TopN < 1 || req.TopN > len(req.Documents) {
			t.Fatalf("accepted %d documents with top_n %d", len(req.Documents), req.TopN)
		}
		// Whatever was accepted must make valid upstream bodies.
		for _, b := range [][]byte{AppendAgentBody(nil, req, "arn"), AppendCohereBody(nil, req)} {
			if !validJSON(b) {
				t.Fatalf("invalid upstream body %s", b)
			}
		}
	})
}
