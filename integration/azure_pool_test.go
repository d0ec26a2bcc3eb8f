package integration

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// mixedSite has pools of a Bedrock line and an Azure AI line in both
// orders, and an Azure OpenAI alias with fallbacks on Bedrock.
func mixedSite(bfake *fakebedrock.Server, afake *fakeazure.Server) string {
	return `llm_gateway {
		routing ordered
		` + bedrockBlock(bfake) + `
		azure oai {
			endpoint ` + afake.URL + `
			api_key ` + afake.Key + `
		}
		azure_ai llama {
			endpoint ` + afake.URL + `
			api_key ` + afake.Key + `
		}
		model bedrock-first bedrock/` + claudeID + `
		model bedrock-first azure_ai/Meta-Llama-3-70B-Instruct
		model azure-first azure_ai/Meta-Llama-3-70B-Instruct
		model azure-first bedrock/` + claudeID + `
		model embed-first bedrock/` + claudeID + `
		model embed-first azure_ai/Cohere-embed-v3-english
		model gpt azure/gpt-4o {
			fallback other
			content_policy_fallback claude
		}
		model claude bedrock/us.deepseek.r1-v1:0
		model other bedrock/amazon.nova-pro-v1:0
	}`
}

// azureCalls counts the requests a fake Azure had, tokens left out.
func azureCalls(fake *fakeazure.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Kind != fakeazure.KindToken {
			n++
		}
	}
	return n
}

// TestPoolAcrossProviders: a pool may mix Bedrock and Azure lines; a
// request fails over from one provider to the other, streamed or not,
// and the answer names the alias and the provider that gave it. An
// endpoint only one provider serves goes to its lines alone.
func TestPoolAcrossProviders(t *testing.T) {
	clock := useFakeClock(t)
	bfake, afake := fakebedrock.New(t), fakeazure.New(t)
	bfake.Handle(claudeID, throttled("30"))
	afake.HandleModel("", fakeazure.Reply{Text: "Hello from Azure"})
	startGateway(t, mixedSite(bfake, afake))
	client := newClient()

	resp, header := chatAnswer(t, client, "bedrock-first", "Hi")
	if resp.Model != "bedrock-first" || resp.Choices[0].Message.Content != "Hello from Azure" ||
		!strings.HasPrefix(header, "bedrock-first; deployment=1; provider=azure_ai; account=llama") {
		t.Errorf("model %q, content %q, header %q", resp.Model, resp.Choices[0].Message.Content, header)
	}
	if got := collectStream(t, client, "bedrock-first"); got.text != "Hello from Azure" || got.err != nil {
		t.Errorf("stream %+v", got)
	}

	// The other way round: Azure throttles, Bedrock answers.
	afake.HandleModel("", fakeazure.Reply{Status: 429, Body: fakeazure.RateLimitBody, Header: http.Header{"Retry-After": {"2"}}})
	bfake.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Hello", " from", " Bedrock")})
	resp, header = chatAnswer(t, client, "azure-first", "Hi")
	if resp.Model != "azure-first" || !strings.Contains(resp.Choices[0].Message.Content, "Paris") ||
		!strings.HasPrefix(header, "azure-first; deployment=1; provider=bedrock") {
		t.Errorf("model %q, header %q", resp.Model, header)
	}
	if got := collectStream(t, client, "azure-first"); got.text != "Hello from Bedrock" || got.err != nil {
		t.Errorf("stream %+v", got)
	}
	// Azure cools down after its 429: the stream went to Bedrock at once.
	if n := azureCalls(afake); n != 3 {
		t.Errorf("Azure saw %d requests, want 3", n)
	}

	// Embeddings: only the Azure line of the pool serves them, though
	// Bedrock, back from its cooldown, comes first. A pool whose Azure
	// line is a chat model (by the price table) serves none.
	clock.Advance(time.Minute)
	afake.HandleModel("", fakeazure.Reply{})
	before := len(bfake.Requests())
	r := post(t, "/v1/embeddings", `{"model":"embed-first","input":"hi"}`)
	if body := readAll(t, r.Body); r.StatusCode != 200 || !strings.Contains(body, `"model":"embed-first"`) {
		t.Errorf("embeddings: status %d: %s", r.StatusCode, body)
	}
	r = post(t, "/v1/embeddings", `{"model":"bedrock-first","input":"hi"}`)
	if body := readAll(t, r.Body); r.StatusCode != 400 || !strings.Contains(body, "does not serve /v1/embeddings") {
		t.Errorf("embeddings on a pool of chat models: status %d: %s", r.StatusCode, body)
	}
	if n := len(bfake.Requests()); n != before {
		t.Errorf("an embeddings request reached Bedrock")
	}
}

// TestContentPolicyFallbackFromAzure: Azure's content filter refusing a
// prompt moves the request to the content_policy_fallback alias (not
// to the plain fallback), and leaves the Azure deployment in rotation.
func TestContentPolicyFallbackFromAzure(t *testing.T) {
	bfake, afake := fakebedrock.New(t), fakeazure.New(t)
	afake.HandleDeployment("gpt-4o", fakeazure.Reply{Status: 400, Body: fakeazure.ContentFilterPromptBody})
	bfake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Safe", " answer")})
	bfake.Handle("amazon.nova-pro-v1:0", fakebedrock.Reply{JSON: converseText})
	startGateway(t, mixedSite(bfake, afake))
	client := newClient()

	for range 2 {
		resp, header := chatAnswer(t, client, "gpt", "Something the filter refuses")
		if resp.Model != "claude" || !strings.HasPrefix(header, "claude; deployment=0; provider=bedrock") {
			t.Errorf("model %q, header %q", resp.Model, header)
		}
	}
	if got := collectStream(t, client, "gpt"); got.text != "Safe answer" || got.err != nil {
		t.Errorf("stream %+v", got)
	}
	if n := azureCalls(afake); n != 3 {
		t.Errorf("Azure saw %d requests, want every one: a content filter is no reason to cool down", n)
	}
	for _, r := range bfake.Requests() {
		if r.ModelID == "amazon.nova-pro-v1:0" {
			t.Error("the plain fallback answered a content filter refusal")
		}
	}

	// Another 400 is the request's own fault: no fallback.
	afake.HandleDeployment("gpt-4o", fakeazure.Reply{Status: 400,
		Body: `{"error":{"message":"Invalid value for 'temperature'","type":"invalid_request_error","param":"temperature","code":null}}`})
	before := len(bfake.Requests())
	if resp, body := chatOnce(t, "gpt", false); resp.StatusCode != 400 || len(bfake.Requests()) != before {
		t.Errorf("status %d after %d fallback requests: %s", resp.StatusCode, len(bfake.Requests())-before, body)
	}
}

// TestAzureRoleChunkThenFailureFailsOver: Azure OpenAI opens a stream
// with {"content":"","refusal":null,"role":"assistant"}, which says
// nothing yet; an upstream that breaks off right after it still fails
// over to the next deployment instead of committing the stream.
func TestAzureRoleChunkThenFailureFailsOver(t *testing.T) {
	bfake, afake := fakebedrock.New(t), fakeazure.New(t)
	role := `{"choices":[{"content_filter_results":{},"delta":{"content":"","refusal":null,"role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}],"created":1,"id":"chatcmpl-1","model":"gpt-4o","object":"chat.completion.chunk","system_fingerprint":"fp","usage":null}`
	afake.HandleDeployment("gpt-4o", fakeazure.Reply{Chunks: []fakeazure.Chunk{
		{Data: role}, {Raw: `data: {"choices":[{"delta":{"content":"Par`, Delay: 50 * time.Millisecond}}})
	bfake.Handle(claudeID, fakebedrock.Reply{Events: textStream(0, "Paris.")})
	startGateway(t, `llm_gateway {
		routing ordered
		`+bedrockBlock(bfake)+`
		azure oai {
			endpoint `+afake.URL+`
			api_key `+afake.Key+`
		}
		model mixed azure/gpt-4o {
			account oai
		}
		model mixed bedrock/`+claudeID+`
	}`)
	resp, body := chatOnce(t, "mixed", true)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"content":"Paris."`) || strings.Contains(body, `"error"`) {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("X-LLM-Gateway-Model"); !strings.Contains(got, "provider=bedrock") {
		t.Errorf("answered by %q", got)
	}
}
