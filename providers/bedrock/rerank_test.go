package bedrock

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

const rerankARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0"

func rerankBody(arn string) []byte {
	return []byte(`{"queries":[{"type":"TEXT","textQuery":{"text":"q"}}],` +
		`"sources":[{"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"d"}}}],` +
		`"rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL","bedrockRerankingConfiguration":` +
		`{"modelConfiguration":{"modelArn":"` + arn + `"},"numberOfResults":1}}}`)
}

// TestRerankWire: the Rerank API is POST {agent endpoint}/rerank, signed
// as service bedrock, to endpoint when agent_endpoint is unset.
func TestRerankWire(t *testing.T) {
	isolateAWS(t)
	for _, tc := range []struct {
		name    string
		agent   string // appended to the fake's URL; "-" leaves agent_endpoint unset
		wantRaw string
	}{
		{"endpoint serves both", "-", "/rerank"},
		{"agent endpoint", "", "/rerank"},
		{"agent endpoint prefix", "/agent/v%2F1/", "/agent/v%2F1/rerank"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runtime, agent := fakebedrock.New(t), fakebedrock.New(t)
			answer := `{"results":[{"index":0,"relevanceScore":0.5}]}`
			agent.Handle(rerankARN, fakebedrock.Reply{JSON: answer})
			runtime.Handle(rerankARN, fakebedrock.Reply{JSON: answer})
			acct := fakeAccount(runtime)
			want := runtime
			if tc.agent != "-" {
				acct.AgentEndpoint, want = agent.URL+tc.agent, agent
			}
			a := provision(t, acct)
			resp, err := a.Rerank(context.Background(), rerankARN, rerankBody(rerankARN))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if got, _ := io.ReadAll(resp.Body); string(got) != answer {
				t.Errorf("answer %s", got)
			}
			reqs := want.Requests()
			if len(reqs) != 1 || reqs[0].RawPath != tc.wantRaw || reqs[0].Operation != "rerank" || reqs[0].ModelID != rerankARN ||
				string(reqs[0].Body) != string(rerankBody(rerankARN)) || reqs[0].Header.Get("Content-Type") != "application/json" {
				t.Fatalf("requests %+v", reqs)
			}
			if other := len(runtime.Requests()) + len(agent.Requests()) - 1; other != 0 {
				t.Errorf("%d requests went to the other server", other)
			}
		})
	}
}

// redirect sends every request to the fake while leaving its Host, which
// the signature covers, as it was.
type redirect struct{ to *url.URL }

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Host = req.URL.Host
	out.URL.Scheme, out.URL.Host = r.to.Scheme, r.to.Host
	return http.DefaultTransport.RoundTrip(out)
}

// TestRerankAgentRuntimeHost: with no endpoint, the Rerank API is the
// regional agent runtime host, and the fake accepts the signature made
// for that host.
func TestRerankAgentRuntimeHost(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	s.Region = "us-west-2"
	arn := "arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0"
	s.Handle(arn, fakebedrock.Reply{JSON: `{"results":[]}`})
	acct := fakeAccount(s)
	acct.Endpoint = ""
	a := provision(t, acct)
	if got := a.AgentEndpointURL(); got != "https://bedrock-agent-runtime.us-west-2.amazonaws.com" {
		t.Fatalf("agent endpoint %s", got)
	}
	u, _ := url.Parse(s.URL)
	a.client.Transport = redirect{to: u}
	resp, err := a.Rerank(context.Background(), arn, rerankBody(arn))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if r := s.Requests()[0]; r.Header.Get("Authorization") == "" || r.Path != "/rerank" {
		t.Errorf("request %+v", r)
	}
}

func TestRerankErrors(t *testing.T) {
	isolateAWS(t)
	s := fakebedrock.New(t)
	denied, busy := rerankARN+"-denied", rerankARN+"-busy"
	s.Handle(denied, fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException", Message: "not authorized to perform: bedrock:Rerank"})
	s.Handle(busy, fakebedrock.Reply{Status: 429, Message: "Too many requests", Header: http.Header{"Retry-After": {"3"}}})
	a := provision(t, fakeAccount(s))
	for _, tc := range []struct {
		name string
		body []byte
		want APIError
	}{
		{"access denied", rerankBody(denied), APIError{Status: 403, Type: "AccessDeniedException",
			Message: "not authorized to perform: bedrock:Rerank", Operation: "bedrock:Rerank"}},
		{"throttled", rerankBody(busy), APIError{Status: 429, Type: "ThrottlingException",
			Message: "Too many requests", RetryAfter: "3", Operation: "bedrock:Rerank"}},
		{"invalid", []byte(`{"queries":[]}`), APIError{Status: 400, Type: "ValidationException",
			Message: "queries must hold exactly one TEXT query", Operation: "bedrock:Rerank"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := a.Rerank(context.Background(), rerankARN, tc.body)
			if resp != nil {
				resp.Body.Close()
				t.Fatal("got a response")
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %v, want %+v", err, tc.want)
			}
			got := *apiErr
			if got.RequestID == "" {
				t.Error("the error lost AWS's request id")
			}
			if got.RequestID = ""; got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
