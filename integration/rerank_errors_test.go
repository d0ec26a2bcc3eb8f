package integration

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestRerankErrors: Bedrock's errors map as for chat, the client's
// mistakes are 400s naming the parameter, and every failure is OpenAI's
// error JSON without a credential in it.
func TestRerankErrors(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Region = "us-west-2"
	startGateway(t, rerankSite(fake, "model chat bedrock/"+claudeID))
	manyDocs := `"d"` + strings.Repeat(`,"d"`, 1000)

	for _, tc := range []struct {
		name, alias string
		upstream    *fakebedrock.Reply // scripted for the alias's model
		body        string             // "" is the five-document request
		path        string             // "" is /v1/rerank
		status      int
		typ, param  string
		code        string
		msg         []string
		// retryAfter is the line's cooldown (30s by default), which
		// outlasts Bedrock's 4.
		retryAfter string
	}{
		// The line cools down after this: no other case uses it.
		{name: "throttled", alias: "arn-rerank", upstream: &fakebedrock.Reply{Status: 429, ErrorType: "ThrottlingException",
			Message: "Your request rate is too high.", Header: http.Header{"Retry-After": {"4"}}},
			status: 429, typ: "rate_limit_error", code: "rate_limit_exceeded", retryAfter: "30", msg: []string{"Your request rate is too high."}},
		{name: "validation", alias: "cohere-rerank", upstream: &fakebedrock.Reply{Status: 400, ErrorType: "ValidationException",
			Message: "1 validation error detected"}, status: 400, typ: "invalid_request_error", msg: []string{"ValidationException: 1 validation error detected"}},
		{name: "denied, Rerank API", alias: "amazon-rerank", upstream: &fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException",
			Message: "User: arn:aws:iam::123456789012:user/gw is not authorized to perform: bedrock:Rerank"},
			status: 403, typ: "permission_error",
			msg: []string{"may not call bedrock:Rerank", "grant it bedrock:Rerank, and bedrock:InvokeModel on the model", "arn:aws:iam::<account>"}},
		{name: "denied, InvokeModel", alias: "cohere-invoke", upstream: &fakebedrock.Reply{Status: 403, ErrorType: "AccessDeniedException",
			Message: "You don't have access to the model with the specified model ID."},
			status: 403, typ: "permission_error", msg: []string{"may not call bedrock:InvokeModel on model cohere.rerank-v3-5:0 in us-west-2"}},
		{name: "unreadable answer", alias: "cohere-invoke", upstream: &fakebedrock.Reply{JSON: `{"results":[{"index":9,"relevance_score":1}]}`},
			status: 502, typ: "upstream_error", msg: []string{"unreadable rerank answer"}},
		{name: "no query", alias: "amazon-rerank", body: `{"model":"amazon-rerank","documents":["a"]}`,
			status: 400, typ: "invalid_request_error", param: "query", msg: []string{"you must provide a query"}},
		{name: "bad document", alias: "amazon-rerank", body: `{"model":"amazon-rerank","query":"q","documents":["a","b",{"title":"t"}]}`,
			status: 400, typ: "invalid_request_error", param: "documents[2]", msg: []string{"must have a 'text' string"}},
		{name: "too many documents", alias: "cohere-invoke", body: `{"model":"cohere-invoke","query":"q","documents":[` + manyDocs + `]}`,
			status: 400, typ: "invalid_request_error", param: "documents", msg: []string{"at most 1000"}},
		{name: "unknown parameter", alias: "amazon-rerank", body: `{"model":"amazon-rerank","query":"q","documents":["a"],"rank_fields":["x"]}`,
			status: 400, typ: "invalid_request_error", param: "rank_fields", code: "unsupported_parameter",
			msg: []string{"parameter 'rank_fields' is not supported by rerank", "set drop_params", "rerank takes model, query"}},
		{name: "chat model", alias: "chat", body: `{"model":"chat","query":"q","documents":["a"]}`,
			status: 400, typ: "invalid_request_error", param: "model", code: "unsupported_model", msg: []string{"does not serve /v1/rerank"}},
		{name: "rerank model on chat", alias: "amazon-rerank", path: "/v1/chat/completions",
			body:   `{"model":"amazon-rerank","messages":[{"role":"user","content":"hi"}]}`,
			status: 400, typ: "invalid_request_error", param: "model", code: "unsupported_model", msg: []string{"it serves /v1/rerank"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.upstream != nil {
				key := fakeARN(fake, amazonRerank)
				switch tc.alias {
				case "cohere-rerank":
					key = fakeARN(fake, cohereRerank)
				case "cohere-invoke":
					key = cohereRerank
				case "arn-rerank":
					key = otherRegionARN
				}
				fake.Handle(key, *tc.upstream)
			}
			body, path := tc.body, tc.path
			if body == "" {
				body = rerankRequest(t, tc.alias)
			}
			if path == "" {
				path = "/v1/rerank"
			}
			resp := post(t, path, body)
			raw := readAll(t, resp.Body)
			var e errorBody
			if err := json.Unmarshal([]byte(raw), &e); err != nil || resp.StatusCode != tc.status || e.Error.Type != tc.typ {
				t.Fatalf("status %d (%v): %s", resp.StatusCode, err, raw)
			}
			if got := deref(e.Error.Param); got != tc.param {
				t.Errorf("param %q, want %q", got, tc.param)
			}
			if got := deref(e.Error.Code); got != tc.code {
				t.Errorf("code %q, want %q", got, tc.code)
			}
			if got := resp.Header.Get("Retry-After"); got != tc.retryAfter {
				t.Errorf("Retry-After %q", got)
			}
			for _, m := range tc.msg {
				if !strings.Contains(e.Error.Message, m) {
					t.Errorf("message %q lacks %q", e.Error.Message, m)
				}
			}
			if strings.Contains(raw, fake.Creds.SecretAccessKey) || strings.Contains(raw, "123456789012") {
				t.Errorf("the error leaks a credential or the account: %s", raw)
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestRerankPoolAndFallback: a rerank alias's lines form a pool like a
// chat alias's: a throttled line gives way to the next, and an alias
// whose lines all fail falls back to another rerank alias, here served
// through InvokeModel.
func TestRerankPoolAndFallback(t *testing.T) {
	east, west := fakebedrock.New(t), fakebedrock.New(t)
	west.Region = "us-west-2"
	account := func(name string, f *fakebedrock.Server) string {
		return fmt.Sprintf("bedrock %s {\n\t\t\tregion %s\n\t\t\taccess_key_id %s\n\t\t\tsecret_access_key %s\n\t\t\tendpoint %s\n\t\t}",
			name, f.Region, f.Creds.AccessKeyID, f.Creds.SecretAccessKey, f.URL)
	}
	startGateway(t, `llm_gateway {
		`+account("east", east)+`
		`+account("west", west)+`
		routing ordered
		model rerank bedrock/`+cohereRerank+` {
			account east
			fallback rerank-invoke
		}
		model rerank bedrock/`+cohereRerank+` {
			account west
		}
		model rerank-invoke bedrock/invoke/`+cohereRerank+` {
			account west
		}
	}`)
	agentAnswer := fakebedrock.Reply{JSON: readTestdata(t, "agent_answer.json")}
	east.Handle(fakeARN(east, cohereRerank), throttled("1"))
	west.Handle(fakeARN(west, cohereRerank), agentAnswer)
	west.Handle(cohereRerank, fakebedrock.Reply{JSON: readTestdata(t, "cohere_answer.json")})

	rerankBy := func() (string, string) {
		resp := post(t, "/v1/rerank", rerankRequest(t, "rerank"))
		body := readAll(t, resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		return resp.Header.Get("X-Llm-Gateway-Model"), body
	}
	if by, _ := rerankBy(); !strings.Contains(by, "account=west") || !strings.HasPrefix(by, "rerank;") {
		t.Errorf("a throttled east: answered by %q", by)
	}
	if n := len(east.Requests()); n != 1 {
		t.Errorf("east saw %d requests, want 1 (then cooled down)", n)
	}

	// West's Rerank API fails too: the fallback alias answers through
	// InvokeModel.
	west.Handle(fakeARN(west, cohereRerank), fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException", Message: "down"})
	by, body := rerankBy()
	if !strings.HasPrefix(by, "rerank-invoke;") || !strings.Contains(body, `"id":"07734bd2-2473-4f07-94e1-0d9f0e6843cf"`) {
		t.Errorf("with every rerank line failing: answered by %q: %s", by, body)
	}
}
