package integration

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// Rerank through a real Caddy, with raw HTTP (the OpenAI SDK has no
// rerank): the Rerank API route and the InvokeModel route, against the
// fake, which checks every SigV4 signature and the Rerank API's body.

const (
	amazonRerank = "amazon.rerank-v1:0"
	cohereRerank = "cohere.rerank-v3-5:0"
	// otherRegionARN is how LiteLLM users name a reranker by ARN; its
	// region need not be the account's.
	otherRegionARN = "arn:aws:bedrock:eu-central-1::foundation-model/amazon.rerank-v1:0"
)

func rerankSite(fake *fakebedrock.Server, extra string) string {
	return `llm_gateway {
		` + bedrockBlock(fake) + `
		model amazon-rerank bedrock/` + amazonRerank + `
		model cohere-rerank bedrock/` + cohereRerank + `
		model arn-rerank bedrock/` + otherRegionARN + `
		model cohere-invoke bedrock/invoke/` + cohereRerank + `
		` + extra + `
	}`
}

// fakeARN is the foundation-model ARN the gateway builds for id in the
// fake's region.
func fakeARN(fake *fakebedrock.Server, id string) string {
	return "arn:aws:bedrock:" + fake.Region + "::foundation-model/" + id
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "rerank", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rerankRequest is the five-document request of testdata/rerank for model.
func rerankRequest(t *testing.T, model string) string {
	return strings.Replace(readTestdata(t, "request.json"), "MODEL", model, 1)
}

// compareGolden compares JSON with testdata/rerank/<name>, both indented
// alike; UPDATE_GOLDEN=1 rewrites the file instead.
func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatalf("%s: %v: %s", name, err, got)
	}
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", "rerank", name)
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := readTestdata(t, name); pretty.String() != want {
		t.Errorf("%s differs (UPDATE_GOLDEN=1 rewrites it)\n--- got\n%s--- want\n%s", name, pretty.String(), want)
	}
}

// requestID is the shape of the fake's x-amzn-requestid, which the Rerank
// API route answers as the id.
var requestID = regexp.MustCompile(`"id":"00000000-0000-4000-8000-[0-9a-f]{12}"`)

// TestRerankRoutes: every way a model line names a reranker answers
// /v1/rerank (and /rerank) from the API the issue gives it, with the
// upstream body and the client's answer of the golden files.
func TestRerankRoutes(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Region = "us-west-2"
	agentAnswer := fakebedrock.Reply{JSON: readTestdata(t, "agent_answer.json")}
	fake.Handle(fakeARN(fake, amazonRerank), agentAnswer)
	fake.Handle(fakeARN(fake, cohereRerank), agentAnswer)
	fake.Handle(otherRegionARN, agentAnswer)
	fake.Handle(cohereRerank, fakebedrock.Reply{JSON: readTestdata(t, "cohere_answer.json")})
	startGateway(t, rerankSite(fake, ""))

	for _, tc := range []struct {
		alias, path           string
		op, model, rawPath    string
		upstreamGolden, trace string
	}{
		{"amazon-rerank", "/v1/rerank", "rerank", fakeARN(fake, amazonRerank), "/rerank", "agent_request.golden.json", "agent"},
		{"cohere-rerank", "/rerank", "rerank", fakeARN(fake, cohereRerank), "/rerank", "", "agent"},
		{"arn-rerank", "/v1/rerank", "rerank", otherRegionARN, "/rerank", "", "agent"},
		{"cohere-invoke", "/v1/rerank", "invoke", cohereRerank, "/model/cohere.rerank-v3-5%3A0/invoke", "cohere_request.golden.json", "cohere"},
	} {
		t.Run(tc.alias, func(t *testing.T) {
			before := len(fake.Requests())
			resp := post(t, tc.path, rerankRequest(t, tc.alias))
			body := readAll(t, resp.Body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			compareGolden(t, "answer_"+tc.trace+".golden.json", requestID.ReplaceAll([]byte(body), []byte(`"id":"ID"`)))
			if tc.trace == "agent" && !requestID.MatchString(body) {
				t.Errorf("the answer's id is not Bedrock's request id: %s", body)
			}
			reqs := fake.Requests()[before:]
			if len(reqs) != 1 {
				t.Fatalf("%d upstream requests", len(reqs))
			}
			r := reqs[0]
			if r.Operation != tc.op || r.ModelID != tc.model || r.RawPath != tc.rawPath {
				t.Errorf("upstream %s %s at %s", r.Operation, r.ModelID, r.RawPath)
			}
			// The fake verified the signature; this is its scope.
			if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/us-west-2/bedrock/aws4_request") {
				t.Errorf("Authorization %q", auth)
			}
			if tc.upstreamGolden != "" {
				compareGolden(t, tc.upstreamGolden, r.Body)
			} else {
				var got struct {
					Config struct {
						Bedrock struct {
							Model struct {
								ARN string `json:"modelArn"`
							} `json:"modelConfiguration"`
						} `json:"bedrockRerankingConfiguration"`
					} `json:"rerankingConfiguration"`
				}
				if err := json.Unmarshal(r.Body, &got); err != nil || got.Config.Bedrock.Model.ARN != tc.model {
					t.Errorf("modelArn %q (%v)", got.Config.Bedrock.Model.ARN, err)
				}
			}
		})
	}

	// return_documents false, top_n past the documents, max_chunks_per_doc.
	resp := post(t, "/v1/rerank", `{"model":"amazon-rerank","query":"q","documents":["a",{"text":"b"},"c","d","e"],
		"top_n":10,"return_documents":false,"max_chunks_per_doc":3}`)
	body := readAll(t, resp.Body)
	if resp.StatusCode != 200 || strings.Contains(body, "document") || strings.Count(body, `"index"`) != 3 {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	last := fake.Requests()[len(fake.Requests())-1]
	if !bytes.Contains(last.Body, []byte(`"numberOfResults":5`)) {
		t.Errorf("top_n 10 of 5 documents sent as %s", last.Body)
	}
}

// TestRerankAgentEndpoint: agent_endpoint takes the Rerank API elsewhere
// than endpoint; InvokeModel stays on endpoint.
func TestRerankAgentEndpoint(t *testing.T) {
	runtime, agent := fakebedrock.New(t), fakebedrock.New(t)
	agent.Handle(fakeARN(agent, amazonRerank), fakebedrock.Reply{JSON: readTestdata(t, "agent_answer.json")})
	runtime.Handle(cohereRerank, fakebedrock.Reply{JSON: readTestdata(t, "cohere_answer.json")})
	site := strings.Replace(rerankSite(runtime, ""), "\t\t\tendpoint ", "\t\t\tagent_endpoint "+agent.URL+"/agent-runtime\n\t\t\tendpoint ", 1)
	startGateway(t, site)

	for _, alias := range []string{"amazon-rerank", "cohere-invoke"} {
		if resp := post(t, "/v1/rerank", rerankRequest(t, alias)); resp.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", alias, resp.StatusCode, readAll(t, resp.Body))
		}
	}
	a, r := agent.Requests(), runtime.Requests()
	if len(a) != 1 || a[0].RawPath != "/agent-runtime/rerank" || len(r) != 1 || r[0].Operation != "invoke" {
		t.Errorf("agent runtime got %d requests, runtime %d", len(a), len(r))
	}
}

// TestRerankHealthCheck: a rerank line's active check is a real rerank,
// one word against one, through the line's own API.
func TestRerankHealthCheck(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(fakeARN(fake, amazonRerank), fakebedrock.Reply{JSON: `{"results":[{"index":0,"relevanceScore":0.5}]}`})
	fake.Handle(cohereRerank, fakebedrock.Reply{JSON: `{"id":"x","results":[{"index":0,"relevance_score":0.5}]}`})
	startGateway(t, `llm_gateway {
		`+bedrockBlock(fake)+`
		health_check 1s
		model api bedrock/`+amazonRerank+`
		model invoke bedrock/invoke/`+cohereRerank+`
	}`)
	for _, alias := range []string{"api", "invoke"} {
		waitFor(t, alias+" to pass its check", func() bool {
			d := deploymentHealth(t, alias, 0)
			return d.Healthy != nil && *d.Healthy && d.LastCheck != nil
		})
	}
	var api, invoke bool
	for _, r := range fake.Requests() {
		switch {
		case r.Operation == "rerank" && bytes.Contains(r.Body, []byte(`"textQuery":{"text":"ping"}`)):
			api = true
		case r.Operation == "invoke" && string(r.Body) == `{"query":"ping","documents":["ping"],"top_n":1,"api_version":2}`:
			invoke = true
		}
	}
	if !api || !invoke {
		t.Errorf("checks seen: Rerank API %v, InvokeModel %v", api, invoke)
	}
}

// TestRerankDropParams: with drop_params, a parameter rerank cannot take
// is left out rather than refused, as on the chat endpoints.
func TestRerankDropParams(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(fakeARN(fake, amazonRerank), fakebedrock.Reply{JSON: readTestdata(t, "agent_answer.json")})
	startGateway(t, rerankSite(fake, "model lenient bedrock/"+amazonRerank+" {\n\t\t\tdrop_params\n\t\t}"))
	body := strings.Replace(rerankRequest(t, "lenient"), `"query"`, `"rank_fields":["title"],"query"`, 1)
	resp := post(t, "/v1/rerank", body)
	if got := readAll(t, resp.Body); resp.StatusCode != 200 || !strings.Contains(got, `"results"`) {
		t.Fatalf("status %d: %s", resp.StatusCode, got)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || bytes.Contains(reqs[0].Body, []byte("rank_fields")) || bytes.Contains(reqs[0].Body, []byte("title")) {
		t.Errorf("upstream requests %d, the last: %s", len(reqs), reqs[len(reqs)-1].Body)
	}
}
