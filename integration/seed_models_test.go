package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// seedModels is the "Supported AWS Bedrock Models" table of the LiteLLM
// page this gateway follows: every row, copied verbatim into a model
// line as bedrock/<model>, must answer a chat, through the API the README
// says it takes. invoke names the rows that go through InvokeModel, and
// what the model answers there.
var seedModels = []struct {
	id     string
	invoke string
}{
	{id: "us.deepseek.r1-v1:0"},
	{id: "anthropic.claude-3-5-sonnet-20240620-v1:0"},
	{id: "anthropic.claude-3-sonnet-20240229-v1:0"},
	{id: "anthropic.claude-3-haiku-20240307-v1:0"},
	{id: "anthropic.claude-3-opus-20240229-v1:0"},
	{id: "anthropic.claude-v2:1"},
	{id: "anthropic.claude-v2"},
	{id: "anthropic.claude-instant-v1"},
	{id: "meta.llama3-1-405b-instruct-v1:0"},
	{id: "meta.llama3-1-70b-instruct-v1:0"},
	{id: "meta.llama3-1-8b-instruct-v1:0"},
	{id: "meta.llama3-70b-instruct-v1:0"},
	{id: "meta.llama3-8b-instruct-v1:0"},
	{id: "amazon.titan-text-lite-v1", invoke: `{"inputTextTokenCount":9,"results":[{"tokenCount":8,"outputText":"Paris is the capital of France.","completionReason":"FINISH"}]}`},
	{id: "amazon.titan-text-express-v1", invoke: `{"inputTextTokenCount":9,"results":[{"tokenCount":8,"outputText":"Paris is the capital of France.","completionReason":"FINISH"}]}`},
	{id: "cohere.command-text-v14", invoke: `{"id":"g1","generations":[{"id":"g1-0","text":"Paris is the capital of France.","finish_reason":"COMPLETE"}],"prompt":"x"}`},
	{id: "ai21.j2-mid-v1", invoke: `{"id":1234,"prompt":{"text":"x","tokens":[{}]},"completions":[{"data":{"text":"Paris is the capital of France.","tokens":[{},{}]},"finishReason":{"reason":"endoftext"}}]}`},
	{id: "ai21.j2-ultra-v1", invoke: `{"id":1234,"prompt":{"text":"x","tokens":[{}]},"completions":[{"data":{"text":"Paris is the capital of France.","tokens":[{},{}]},"finishReason":{"reason":"endoftext"}}]}`},
	{id: "ai21.jamba-instruct-v1:0"},
	{id: "meta.llama2-13b-chat-v1"},
	{id: "meta.llama2-70b-chat-v1"},
	{id: "mistral.mistral-7b-instruct-v0:2"},
	{id: "mistral.mixtral-8x7b-instruct-v0:1"},
}

func TestSeedModelTable(t *testing.T) {
	fake := fakebedrock.New(t)
	var lines strings.Builder
	for i, m := range seedModels {
		fmt.Fprintf(&lines, "\t\tmodel m%d bedrock/%s\n", i, m.id)
		reply := fakebedrock.Reply{JSON: converseText}
		if m.invoke != "" {
			reply.JSON = m.invoke
		}
		fake.Handle(m.id, reply)
	}
	startGateway(t, "llm_gateway {\n"+bedrockBlock(fake)+"\n"+lines.String()+"\t}")
	client := newClient()
	for i, m := range seedModels {
		before := len(fake.Requests())
		resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
			Model:    fmt.Sprintf("m%d", i),
			Messages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Answer briefly."), openai.UserMessage("What is the capital of France?")},
		})
		if err != nil {
			t.Errorf("%s: %v", m.id, err)
			continue
		}
		if got := strings.TrimSpace(resp.Choices[0].Message.Content); got != "Paris is the capital of France." {
			t.Errorf("%s: content %q", m.id, got)
		}
		reqs := fake.Requests()
		want := "converse"
		if m.invoke != "" {
			want = "invoke"
		}
		if len(reqs) != before+1 || reqs[len(reqs)-1].Operation != want || reqs[len(reqs)-1].ModelID != m.id {
			t.Errorf("%s: upstream %+v, want %s", m.id, reqs[len(reqs)-1].Operation, want)
		}
	}
}
