package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestExampleCaddyfile runs example.Caddyfile as a newcomer would, with
// its credentials and endpoints taken from the environment pointed at the
// fakes, and calls every provider it configures.
func TestExampleCaddyfile(t *testing.T) {
	useFakeClock(t) // the example retries; its backoff need not take real time
	example, err := os.ReadFile("../example.Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	site, ok := strings.CutPrefix(string(example)[strings.Index(string(example), ":4000 {"):], ":4000 {")
	if !ok {
		t.Fatal("example.Caddyfile no longer has its :4000 site")
	}

	bedrockFake := fakebedrock.New(t)
	bedrockFake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{JSON: converseText})
	bedrockFake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{Events: textStream(0, "Hi")})
	bedrockFake.Handle("us.meta.llama3-3-70b-instruct-v1:0", llamaReply("Hel", "lo"))
	// Unset, the example's imported-model ARN is its placeholder default.
	bedrockFake.Handle("arn:aws:bedrock:us-east-1:123456789012:imported-model/r1distill", llamaReply("Short.</think>", "\n\nHi"))
	bedrockFake.Handle(titanV2ID, titanEmbedding(t))
	bedrockFake.Handle(fakeARN(bedrockFake, "cohere.rerank-v3-5:0"), fakebedrock.Reply{JSON: `{"results":[{"index":1,"relevanceScore":0.98}]}`})
	azureFake := fakeazure.New(t)
	azureFake.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "Hello from Azure"})
	azureFake.HandleDeployment("text-embedding-3-small", fakeazure.Reply{})
	azureFake.HandleModel("", fakeazure.Reply{Text: "Hello from Llama"})

	isolateAWSEnv(t)
	for k, v := range map[string]string{
		"AWS_REGION":                             bedrockFake.Region,
		"AWS_REGION_WEST":                        bedrockFake.Region, // one fake serves both of the example's regions
		"AWS_ACCESS_KEY_ID":                      bedrockFake.Creds.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY":                  bedrockFake.Creds.SecretAccessKey,
		"AWS_ENDPOINT_URL_BEDROCK_RUNTIME":       bedrockFake.URL,
		"AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME": bedrockFake.URL,
		"AZURE_OPENAI_ENDPOINT":                  azureFake.URL,
		"AZURE_API_KEY":                          azureFake.Key,
		"LLAMA3_ENDPOINT":                        azureFake.URL,
		"LLAMA3_API_KEY":                         azureFake.Key,
	} {
		t.Setenv(k, v)
	}
	startGateway(t, strings.TrimSuffix(strings.TrimSpace(site), "}"))

	client := newClient()
	ctx := context.Background()
	hi := []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")}

	if resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "claude-sonnet", Messages: hi}); err != nil || resp.Choices[0].Message.Content == "" {
		t.Errorf("claude-sonnet: %v", err)
	}
	var sent struct {
		AdditionalModelRequestFields struct {
			Thinking struct {
				BudgetTokens int `json:"budget_tokens"`
			} `json:"thinking"`
		} `json:"additionalModelRequestFields"`
	}
	if reqs := bedrockFake.Requests(); len(reqs) == 0 || json.Unmarshal(reqs[0].Body, &sent) != nil || sent.AdditionalModelRequestFields.Thinking.BudgetTokens != 2048 {
		t.Errorf("claude-sonnet did not think with the example's budget: %+v", sent)
	}

	for _, model := range []string{"deepseek-r1", "llama3", "gpt-4o", "llama3-3", "r1-distill"} {
		stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
			Model: model, Messages: hi,
			StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
		})
		var acc openai.ChatCompletionAccumulator
		for stream.Next() {
			acc.AddChunk(stream.Current())
		}
		if err := stream.Err(); err != nil || len(acc.Choices) == 0 || acc.Choices[0].Message.Content == "" || acc.Usage.TotalTokens == 0 {
			t.Errorf("%s: %v %+v", model, err, acc.Usage)
		}
	}
	// The InvokeModel line speaks DeepSeek's own prompt format.
	bedrockFake.Handle("us.deepseek.r1-v1:0", r1Reply("Greet.</think>", "\n\nHi"))
	if resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "deepseek-r1-invoke", Messages: hi}); err != nil || resp.Choices[0].Message.Content != "Hi" {
		t.Errorf("deepseek-r1-invoke: %v", err)
	}
	reqs := bedrockFake.Requests()
	if last := reqs[len(reqs)-1]; last.Operation != "invoke" || !strings.Contains(string(last.Body), `"prompt"`) {
		t.Errorf("deepseek-r1-invoke did not reach InvokeModel with a prompt: %s %s", last.Operation, last.Body)
	}

	// Bedrock's own clients reach an alias through the pass-through.
	passthrough, err := http.Post(gatewayBase+"/bedrock/model/claude-sonnet/converse", "application/json",
		strings.NewReader(`{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(passthrough.Body)
	passthrough.Body.Close()
	if passthrough.StatusCode != http.StatusOK || !strings.Contains(string(body), `"output"`) {
		t.Errorf("pass-through: %d %s", passthrough.StatusCode, body)
	}

	if emb, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model: "embeddings", Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("hi")},
	}); err != nil || len(emb.Data) == 0 {
		t.Errorf("embeddings: %v", err)
	}

	// The RAG pair: Titan embeddings at the line's 512 dimensions, and rerank.
	if emb, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model: "titan-embed", Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"one", "two words"}},
	}); err != nil || len(emb.Data) != 2 || emb.Usage.PromptTokens != 3 {
		t.Errorf("titan-embed: %v %+v", err, emb)
	}
	if reqs := bedrockFake.Requests(); !strings.Contains(string(reqs[len(reqs)-1].Body), `"dimensions":512`) {
		t.Errorf("titan-embed did not ask for the line's dimensions: %s", reqs[len(reqs)-1].Body)
	}
	rerank := post(t, "/v1/rerank", `{"model":"rerank","query":"capital","documents":["Carson City is the capital city of Nevada.","Washington, D.C. is the capital of the United States."],"top_n":1}`)
	if body := readAll(t, rerank.Body); rerank.StatusCode != 200 || !strings.Contains(body, `"relevance_score"`) {
		t.Errorf("rerank: %d %s", rerank.StatusCode, body)
	}

	// With Claude unavailable in both regions, GPT-4o answers.
	bedrockFake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Status: 503, ErrorType: "ServiceUnavailableException"})
	resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "claude-sonnet", Messages: hi})
	if err != nil || resp.Model != "gpt-4o" || resp.Choices[0].Message.Content != "Hello from Azure" {
		t.Errorf("claude-sonnet's fallback: %v %+v", err, resp)
	}
}
