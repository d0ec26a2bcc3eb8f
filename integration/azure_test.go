package integration

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// azureSite is a gateway with every kind of Azure account in front of one
// fake Azure, which is also the Entra authority.
func azureSite(t *testing.T, fake *fakeazure.Server) string {
	t.Setenv("AZURE_AUTHORITY_HOST", fake.AuthorityURL)
	t.Setenv("TEST_AZURE_KEY", fake.Key)
	return `llm_gateway {
		azure oai {
			endpoint ` + fake.URL + `
			api_key {env.TEST_AZURE_KEY}
		}
		azure reasoning {
			endpoint ` + fake.URL + `
			api_key {env.TEST_AZURE_KEY}
			api_version 2024-12-01-preview
		}
		azure entra {
			endpoint ` + fake.URL + `
			tenant_id ` + fake.TenantID + `
			client_id ` + fake.ClientID + `
			client_secret ` + fake.ClientSecret + `
		}
		azure_ai llama {
			endpoint ` + fake.URL + `
			api_key {env.TEST_AZURE_KEY}
		}
		azure_ai strict {
			endpoint ` + fake.URL + `
			api_key {env.TEST_AZURE_KEY}
			extra_parameters error
		}
		azure_ai foundry {
			endpoint ` + fake.URL + `/models
			api_key {env.TEST_AZURE_KEY}
			extra_parameters pass-through
		}
		model gpt4o azure/gpt-4o {
			account oai
		}
		model o3 azure/o3-mini {
			account reasoning
		}
		model gpt-entra azure/gpt-4o-entra {
			account entra
		}
		model llama3 azure_ai/Meta-Llama-3-70B-Instruct {
			account llama
		}
		model llama3-strict azure_ai/Meta-Llama-3-70B-Instruct {
			account strict
		}
		model r1 azure_ai/DeepSeek-R1 {
			account foundry
		}
		model embed azure/text-embedding-3-small {
			account oai
		}
		model dalle azure/dall-e-3 {
			account oai
		}
	}`
}

func lastRequest(t *testing.T, fake *fakeazure.Server) fakeazure.Request {
	t.Helper()
	var last *fakeazure.Request
	for _, r := range fake.Requests() {
		if r.Kind == fakeazure.KindOpenAI || r.Kind == fakeazure.KindAI {
			last = &r
		}
	}
	if last == nil {
		t.Fatal("no request reached the fake Azure")
	}
	return *last
}

func TestAzureOpenAIChat(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "Paris.", Model: "gpt-4o-2024-08-06"})
	startGateway(t, azureSite(t, fake))

	client := newClient()
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:     "gpt4o",
		Messages:  []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Capital of France?")},
		MaxTokens: openai.Int(50),
		Seed:      openai.Int(7),
	}, option.WithHeader("X-Request-Id", "trace-me-42"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "Paris." || resp.Model != "gpt4o" || resp.Usage.TotalTokens == 0 {
		t.Errorf("content=%q model=%q usage=%+v", resp.Choices[0].Message.Content, resp.Model, resp.Usage)
	}
	up := lastRequest(t, fake)
	if up.RawPath != "/openai/deployments/gpt-4o/chat/completions" || up.Query.Get("api-version") != "2024-10-21" {
		t.Errorf("upstream %s ?%s", up.RawPath, up.Query.Encode())
	}
	if got := up.Header.Get("X-Ms-Client-Request-Id"); got != "trace-me-42" {
		t.Errorf("x-ms-client-request-id %q, want the client's X-Request-Id", got)
	}
	if up.Header.Get("Api-Key") != fake.Key || up.Header.Get("Authorization") != "" {
		t.Errorf("auth headers: api-key %q, Authorization %q", up.Header.Get("Api-Key"), up.Header.Get("Authorization"))
	}
	body := up.BodyMap()
	if _, ok := body["model"]; ok || string(body["seed"]) != "7" || string(body["max_tokens"]) != "50" {
		t.Errorf("upstream body: %s", up.Body)
	}
}

func TestAzureOpenAIStreamWithUsage(t *testing.T) {
	fake := fakeazure.New(t)
	const step = 150 * time.Millisecond
	fake.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "one two three", ChunkDelay: step})
	startGateway(t, azureSite(t, fake))

	client := newClient()
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:         "gpt4o",
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Count")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	start := time.Now()
	var acc openai.ChatCompletionAccumulator
	var firstText time.Duration
	var usageChunks int
	for stream.Next() {
		c := stream.Current()
		acc.AddChunk(c)
		if len(c.Choices) == 0 {
			usageChunks++
			if c.Usage.TotalTokens == 0 {
				t.Error("a chunk without choices carries no usage: the prompt-filter chunk was relayed")
			}
			continue
		}
		if c.Model != "gpt4o" {
			t.Errorf("chunk model %q", c.Model)
		}
		if c.Choices[0].Delta.Content != "" && firstText == 0 {
			firstText = time.Since(start)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if got := acc.Choices[0].Message.Content; got != "one two three" {
		t.Errorf("content %q", got)
	}
	if usageChunks != 1 || acc.Usage.TotalTokens == 0 {
		t.Errorf("usage chunks %d, usage %+v", usageChunks, acc.Usage)
	}
	if total := time.Since(start); firstText > total-step {
		t.Errorf("first text after %v of %v: the stream was buffered", firstText, total)
	}
	if !strings.Contains(string(lastRequest(t, fake).Body), `"stream_options"`) {
		t.Error("stream_options must reach Azure OpenAI, which honours it")
	}
}

func TestAzureOpenAITools(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleDeployment("gpt-4o", fakeazure.Reply{JSON: `{"id":"chatcmpl-9x","object":"chat.completion","created":1730000000,"model":"gpt-4o-2024-08-06",
		"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"tool_calls":[
			{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
			"content_filter_results":{}}],
		"usage":{"prompt_tokens":50,"completion_tokens":12,"total_tokens":62},"prompt_filter_results":[]}`})
	startGateway(t, azureSite(t, fake))

	client := newClient()
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "gpt4o",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
		Tools: []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name: "get_weather", Parameters: shared.FunctionParameters{"type": "object"},
		})},
		ParallelToolCalls: openai.Bool(false),
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := resp.Choices[0].Message.ToolCalls
	if resp.Choices[0].FinishReason != "tool_calls" || len(calls) != 1 || calls[0].Function.Arguments != `{"city":"Paris"}` {
		t.Errorf("tool calls %+v", calls)
	}
	body := lastRequest(t, fake).BodyMap()
	if body["tools"] == nil || string(body["parallel_tool_calls"]) != "false" {
		t.Errorf("tools not passed through: %v", body)
	}
}

// TestAzureAILlama3StreamOptions is the classic failure: a client sends
// stream_options to an Azure-hosted Llama 3. By default the gateway removes
// what Azure AI refuses, and still delivers the usage chunk.
func TestAzureAILlama3StreamOptions(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleModel("", fakeazure.Reply{Text: "Hello from Llama"})
	startGateway(t, azureSite(t, fake))

	client := newClient()
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:         "llama3",
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
		Temperature:   openai.Float(0.5),
	})
	var acc openai.ChatCompletionAccumulator
	var usageChunks int
	for stream.Next() {
		if len(stream.Current().Choices) == 0 {
			usageChunks++
		}
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("the seed's failing request still fails: %v", err)
	}
	if acc.Choices[0].Message.Content != "Hello from Llama" || usageChunks != 1 || acc.Usage.TotalTokens == 0 {
		t.Errorf("content %q, usage chunks %d, usage %+v", acc.Choices[0].Message.Content, usageChunks, acc.Usage)
	}
	up := lastRequest(t, fake)
	body := up.BodyMap()
	if _, ok := body["stream_options"]; ok {
		t.Errorf("stream_options reached Azure AI: %s", up.Body)
	}
	if string(body["model"]) != `"Meta-Llama-3-70B-Instruct"` || up.Header.Get("Extra-Parameters") != "drop" ||
		up.Header.Get("Api-Key") != fake.Key || up.Header.Get("Authorization") != "Bearer "+fake.Key ||
		up.RawPath != "/chat/completions" || up.Query.Get("api-version") != "2024-05-01-preview" {
		t.Errorf("upstream %s %v %s", up.RawPath, up.Header, up.Body)
	}

	// With extra_parameters error the operator asked for Azure's strictness,
	// and gets Azure's answer, clearly.
	resp := post(t, "/v1/chat/completions", `{"model":"llama3-strict","stream":true,"stream_options":{"include_usage":true},`+hello+`}`)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("strict status %d", resp.StatusCode)
	}
	if e := decodeError(t, resp); !strings.Contains(e.Error.Message, "stream_options") {
		t.Errorf("strict error %q", e.Error.Message)
	}
}

func TestAzureReasoningDeployment(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleDeployment("o3-mini", fakeazure.Reply{Text: "42", Reasoning: true})
	startGateway(t, azureSite(t, fake))

	resp := post(t, "/v1/chat/completions", `{"model":"o3","max_tokens":500,"reasoning_effort":"high",`+hello+`}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, readAll(t, resp.Body))
	}
	body := lastRequest(t, fake).BodyMap()
	if string(body["max_completion_tokens"]) != "500" || body["max_tokens"] != nil || string(body["reasoning_effort"]) != `"high"` {
		t.Errorf("upstream body %v", body)
	}
}

// TestAzureAIReasoningContent: DeepSeek R1's <think> text comes back as
// reasoning_content, on the message and on deltas, as for Bedrock.
func TestAzureAIReasoningContent(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleModel("DeepSeek-R1", fakeazure.Reply{Text: "<think>Two and two make four.</think>\n\nIt is 4."})
	startGateway(t, azureSite(t, fake))

	resp := post(t, "/v1/chat/completions", `{"model":"r1","messages":[{"role":"user","content":"2+2?"}]}`)
	var out struct {
		Choices []struct {
			Message struct {
				Content          string `json:"content"`
				ReasoningContent string `json:"reasoning_content"`
			} `json:"message"`
		} `json:"choices"`
	}
	raw := readAll(t, resp.Body)
	if err := json.Unmarshal([]byte(raw), &out); err != nil || len(out.Choices) != 1 {
		t.Fatalf("%d %s", resp.StatusCode, raw)
	}
	m := out.Choices[0].Message
	if m.ReasoningContent != "Two and two make four." || strings.Contains(m.Content, "think") || !strings.Contains(m.Content, "It is 4.") {
		t.Errorf("message %+v", m)
	}
	if up := lastRequest(t, fake); up.RawPath != "/models/chat/completions" || string(up.BodyMap()["model"]) != `"DeepSeek-R1"` {
		t.Errorf("foundry request %s %s", up.RawPath, up.Body)
	}

	stream := post(t, "/v1/chat/completions", `{"model":"r1","stream":true,"messages":[{"role":"user","content":"2+2?"}]}`)
	var reasoning, content strings.Builder
	for _, line := range readSSE(t, context.Background(), stream.Body) {
		data, ok := strings.CutPrefix(line.text, "data: ")
		if !ok || data == "[DONE]" {
			continue
		}
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content          string `json:"content"`
					ReasoningContent string `json:"reasoning_content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			t.Fatalf("chunk %s: %v", data, err)
		}
		for _, c := range chunk.Choices {
			reasoning.WriteString(c.Delta.ReasoningContent)
			content.WriteString(c.Delta.Content)
		}
	}
	if reasoning.String() != "Two and two make four." || strings.Contains(content.String(), "think") || !strings.Contains(content.String(), "It is 4.") {
		t.Errorf("stream reasoning %q content %q", reasoning.String(), content.String())
	}
}

// TestEntraTokenRefresh: tokens are fetched once, reused, and refreshed
// when they expire mid-test, never per request.
func TestEntraTokenRefresh(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleDeployment("gpt-4o-entra", fakeazure.Reply{Text: "ok"})
	startGateway(t, azureSite(t, fake))

	for i := 0; i < 3; i++ {
		if resp := post(t, "/v1/chat/completions", `{"model":"gpt-entra",`+hello+`}`); resp.StatusCode != 200 {
			t.Fatalf("%d: status %d: %s", i, resp.StatusCode, readAll(t, resp.Body))
		}
	}
	if n := fake.TokenRequests(); n != 1 {
		t.Fatalf("token requests after 3 calls: %d, want 1", n)
	}
	first := lastRequest(t, fake).Header.Get("Authorization")

	// The token expires on Azure's clock before the gateway expected: the
	// 401 makes the gateway drop it, fetch another and retry once.
	fake.Advance(2 * time.Hour)
	if resp := post(t, "/v1/chat/completions", `{"model":"gpt-entra",`+hello+`}`); resp.StatusCode != 200 {
		t.Fatalf("after expiry: status %d: %s", resp.StatusCode, readAll(t, resp.Body))
	}
	second := lastRequest(t, fake).Header.Get("Authorization")
	if n := fake.TokenRequests(); n != 2 || second == first || !strings.HasPrefix(second, "Bearer ") {
		t.Errorf("token requests %d; tokens %q then %q", n, first, second)
	}
	if h := lastRequest(t, fake).Header.Get("Api-Key"); h != "" {
		t.Errorf("api-key sent with Entra auth: %q", h)
	}
}

func TestAzureErrorMapping(t *testing.T) {
	clock := useFakeClock(t) // moved past each case's cooldown
	fake := fakeazure.New(t)
	// A short cooldown, so that Retry-After is the upstream's own.
	startGateway(t, strings.Replace(azureSite(t, fake), "llm_gateway {", "llm_gateway {\n\t\tcooldown 1s", 1))

	for i, tc := range []struct {
		reply      fakeazure.Reply
		status     int
		code       string
		retryAfter string
		contains   string
	}{
		{reply: fakeazure.Reply{Status: 429, Body: fakeazure.RateLimitBody, Header: http.Header{"Retry-After": {"3"}}},
			status: 429, retryAfter: "3", contains: "rate limit"},
		{reply: fakeazure.Reply{Status: 400, Body: fakeazure.ContentFilterPromptBody},
			status: 400, code: "content_filter", contains: "content management policy"},
		{reply: fakeazure.Reply{Status: 401, Body: `{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint."}}`},
			status: 500, code: "upstream_credentials_rejected", contains: `azure account "oai"`},
		{reply: fakeazure.Reply{Status: 404, Body: `{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}`},
			status: 404, code: "model_not_found", contains: "gpt-4o"},
		{reply: fakeazure.Reply{Status: 503, Body: `{"error":{"code":"503","message":"Service temporarily unavailable."}}`},
			status: 503, retryAfter: "2"},
	} {
		clock.Advance(time.Hour)
		fake.HandleDeployment("gpt-4o", tc.reply)
		resp := post(t, "/v1/chat/completions", `{"model":"gpt4o",`+hello+`}`, "Authorization", "Bearer sk-client-key-must-not-leak")
		if resp.StatusCode != tc.status {
			t.Errorf("%d: status %d, want %d", i, resp.StatusCode, tc.status)
		}
		e := decodeError(t, resp)
		if tc.code != "" && (e.Error.Code == nil || *e.Error.Code != tc.code) {
			t.Errorf("%d: code %v, want %s", i, e.Error.Code, tc.code)
		}
		if resp.Header.Get("Retry-After") != tc.retryAfter {
			t.Errorf("%d: Retry-After %q", i, resp.Header.Get("Retry-After"))
		}
		if !strings.Contains(e.Error.Message, tc.contains) || strings.Contains(e.Error.Message, fake.Key) {
			t.Errorf("%d: message %q", i, e.Error.Message)
		}
	}
	for _, r := range fake.Requests() {
		if strings.Contains(r.Header.Get("Authorization"), "sk-client") {
			t.Error("the client's Authorization reached Azure")
		}
	}
	// The content filter's verdicts reach the client as Azure sent them.
	clock.Advance(time.Hour)
	fake.HandleDeployment("gpt-4o", fakeazure.Reply{Status: 400, Body: fakeazure.ContentFilterPromptBody})
	resp := post(t, "/v1/chat/completions", `{"model":"gpt4o",`+hello+`}`)
	if body := readAll(t, resp.Body); !strings.Contains(body, `"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":true,"detected":true}`) {
		t.Errorf("content filter details lost: %s", body)
	}
}

func TestEmbeddingsAndImagesWithOpenAIClient(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleDeployment("text-embedding-3-small", fakeazure.Reply{})
	fake.HandleDeployment("dall-e-3", fakeazure.Reply{})
	bedrockFake := fakebedrock.New(t)
	startGateway(t, strings.Replace(azureSite(t, fake), "llm_gateway {", "llm_gateway {\n"+bedrockBlock(bedrockFake)+
		"\nmodel claude bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0 {\n account test\n}", 1))

	client := newClient()
	emb, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model: "embed",
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"hello", "world"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(emb.Data) == 0 || len(emb.Data[0].Embedding) == 0 || emb.Model != "embed" {
		t.Errorf("embeddings %+v", emb)
	}
	if up := lastRequest(t, fake); up.RawPath != "/openai/deployments/text-embedding-3-small/embeddings" {
		t.Errorf("embeddings went to %s", up.RawPath)
	}

	img, err := client.Images.Generate(context.Background(), openai.ImageGenerateParams{
		Model:  "dalle",
		Prompt: "A cute baby sea otter",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(img.Data) == 0 {
		t.Errorf("images %+v", img)
	}
	if up := lastRequest(t, fake); up.RawPath != "/openai/deployments/dall-e-3/images/generations" || strings.Contains(string(up.Body), `"model"`) {
		t.Errorf("images went to %s with %s", up.RawPath, up.Body)
	}

	_, err = client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model: "claude",
		Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("hi")},
	})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Message, "model 'claude' is a bedrock model, which does not serve /v1/embeddings; it serves /v1/chat/completions") {
		t.Errorf("embeddings on a bedrock route: %v", err)
	}
	if len(bedrockFake.Requests()) != 0 {
		t.Error("the bedrock route was called")
	}
	_, err = client.Images.Generate(context.Background(), openai.ImageGenerateParams{Model: "llama3", Prompt: "An otter"})
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Message, "is an azure_ai model, which does not serve /v1/images/generations; it serves /v1/chat/completions and /v1/completions") {
		t.Errorf("images on an azure_ai route: %v", err)
	}
}
