package integration

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// The AI21 rows of the supported models, through the whole server: chat,
// text completions and streams with the OpenAI client, against the fake
// Bedrock's /invoke and /invoke-with-response-stream.

// ai21Site serves every AI21 model: Jurassic-2 on a plain route (Bedrock
// has no chat for it through Converse, so the gateway uses InvokeModel),
// Jamba on an explicit InvokeModel route.
func ai21Site(fake *fakebedrock.Server) string {
	return `llm_gateway {
		` + bedrockBlock(fake) + `
		model j2-mid bedrock/ai21.j2-mid-v1
		model j2-ultra bedrock/ai21.j2-ultra-v1
		model jamba-instruct bedrock/invoke/ai21.jamba-instruct-v1:0
		model jamba-large bedrock/invoke/us.ai21.jamba-1-5-large-v1:0
	}`
}

const (
	j2Answer = `{"id":1234,"prompt":{"text":"x","tokens":[{"generatedToken":{"token":"▁a"}},{"generatedToken":{"token":"▁b"}},{"generatedToken":{"token":"▁c"}}]},` +
		`"completions":[{"data":{"text":" The capital of France is Paris.\nUser:","tokens":[{"generatedToken":{"token":"▁Paris"}},{"generatedToken":{"token":"▁is"}}]},"finishReason":{"reason":"stop","sequence":"\nUser:"}}]}`
	jambaAnswer = `{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":"The capital of France is Paris.","tool_calls":null},"finish_reason":"stop"}],` +
		`"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20},"meta":{"requestDurationMillis":80},"model":"jamba-instruct"}`
)

func TestAI21Chat(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, ai21Site(fake))
	client := newClient()
	for _, tc := range []struct {
		alias, modelID string
		answer         string
		usage          [2]int64
		// body checks the InvokeModel body.
		body func(t *testing.T, body map[string]any)
	}{
		{"j2-mid", "ai21.j2-mid-v1", j2Answer, [2]int64{3, 2}, checkJ2Body},
		{"j2-ultra", "ai21.j2-ultra-v1", j2Answer, [2]int64{3, 2}, checkJ2Body},
		{"jamba-instruct", "ai21.jamba-instruct-v1:0", jambaAnswer, [2]int64{12, 8}, func(t *testing.T, body map[string]any) {
			msgs, _ := body["messages"].([]any)
			if len(msgs) != 2 || body["max_tokens"] != 100.0 || body["temperature"] != 0.2 || body["top_p"] != 0.9 {
				t.Errorf("body %v", body)
			}
		}},
	} {
		t.Run(tc.alias, func(t *testing.T) {
			fake.Handle(tc.modelID, fakebedrock.Reply{JSON: tc.answer})
			before := len(fake.Requests())
			resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
				Model: tc.alias,
				Messages: []openai.ChatCompletionMessageParamUnion{
					openai.SystemMessage("You are a geography teacher."),
					openai.UserMessage("Which city is the capital of France?"),
				},
				MaxCompletionTokens: openai.Int(100),
				Temperature:         openai.Float(0.2),
				TopP:                openai.Float(0.9),
			})
			if err != nil {
				t.Fatal(err)
			}
			answer := resp.Choices[0]
			if answer.Message.Content != "The capital of France is Paris." || answer.FinishReason != "stop" || resp.Model != tc.alias ||
				resp.Usage.PromptTokens != tc.usage[0] || resp.Usage.CompletionTokens != tc.usage[1] {
				t.Errorf("content %q finish %q model %q usage %+v", answer.Message.Content, answer.FinishReason, resp.Model, resp.Usage)
			}
			up := upstreamRequest(t, fake, before, tc.modelID, "invoke")
			tc.body(t, up)

			// A text completion: the prompt as it is.
			before = len(fake.Requests())
			comp, err := client.Completions.New(context.Background(), openai.CompletionNewParams{
				Model:     openai.CompletionNewParamsModel(tc.alias),
				Prompt:    openai.CompletionNewParamsPromptUnion{OfString: openai.String("The capital of France is")},
				MaxTokens: openai.Int(20),
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(comp.Choices) != 1 || comp.Choices[0].Text == "" || comp.Choices[0].FinishReason != "stop" {
				t.Errorf("completion %+v", comp.Choices)
			}
			up = upstreamRequest(t, fake, before, tc.modelID, "invoke")
			if prompt, ok := up["prompt"]; ok && prompt != "The capital of France is" {
				t.Errorf("prompt %q", prompt)
			}
			if msgs, ok := up["messages"].([]any); ok && (len(msgs) != 1 || !strings.Contains(string(mustJSON(t, msgs)), `"The capital of France is"`)) {
				t.Errorf("messages %v", msgs)
			}
		})
	}
}

// checkJ2Body: the chat template, and OpenAI's parameters under
// Jurassic-2's names.
func checkJ2Body(t *testing.T, body map[string]any) {
	t.Helper()
	want := "You are a geography teacher.\n\nUser: Which city is the capital of France?\n\nAssistant:"
	if body["prompt"] != want || body["maxTokens"] != 100.0 || body["temperature"] != 0.2 || body["topP"] != 0.9 {
		t.Errorf("body %v", body)
	}
	if stops, _ := body["stopSequences"].([]any); len(stops) != 1 || stops[0] != "\nUser:" {
		t.Errorf("stopSequences %v", body["stopSequences"])
	}
}

func TestAI21Stream(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, ai21Site(fake))
	client := newClient()

	// Jamba streams OpenAI-like chunks.
	chunk := func(delta, finish, usage string) fakebedrock.Event {
		return fakebedrock.Event{Payload: `{"id":"chatcmpl-s","choices":[{"index":0,"delta":` + delta + `,"finish_reason":` + finish + `}],"usage":` + usage + `}`}
	}
	fake.Handle("ai21.jamba-instruct-v1:0", fakebedrock.Reply{Events: []fakebedrock.Event{
		chunk(`{"role":"assistant"}`, "null", "null"),
		chunk(`{"content":"Paris is"}`, "null", "null"),
		chunk(`{"content":" the capital."}`, "null", "null"),
		chunk(`{}`, `"stop"`, `{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}`),
	}})
	acc := streamChat(t, client, openai.ChatCompletionNewParams{
		Model:         "jamba-instruct",
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is the capital of France?")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	if acc.Choices[0].Message.Content != "Paris is the capital." || acc.Choices[0].FinishReason != "stop" || acc.Usage.TotalTokens != 17 {
		t.Errorf("content %q finish %q usage %+v", acc.Choices[0].Message.Content, acc.Choices[0].FinishReason, acc.Usage)
	}
	upstreamRequest(t, fake, 0, "ai21.jamba-instruct-v1:0", "invoke-with-response-stream")

	// Bedrock does not stream Jurassic-2: the whole answer, from
	// InvokeModel, is replayed as the stream the client asked for.
	fake.Handle("ai21.j2-mid-v1", fakebedrock.Reply{JSON: j2Answer})
	fake.Handle("ai21.j2-ultra-v1", fakebedrock.Reply{JSON: j2Answer})
	for _, alias := range []string{"j2-mid", "j2-ultra"} {
		before := len(fake.Requests())
		got := collectStream(t, client, alias)
		if got.err != nil || got.text != "The capital of France is Paris." {
			t.Errorf("%s: %+v", alias, got)
		}
		reqs := fake.Requests()
		if len(reqs) != before+1 || reqs[len(reqs)-1].Operation != "invoke" {
			t.Errorf("%s: upstream calls %d, last %+v", alias, len(reqs)-before, reqs[len(reqs)-1].Operation)
		}
	}
}

func TestAI21Tools(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, ai21Site(fake))
	client := newClient()
	weather := openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
		Name:        "get_weather",
		Description: openai.String("Current weather in a city"),
		Parameters:  shared.FunctionParameters{"type": "object", "properties": map[string]any{"city": map[string]any{"type": "string"}}},
	})
	params := openai.ChatCompletionNewParams{
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
		Tools:    []openai.ChatCompletionToolUnionParam{weather},
	}

	// Jamba 1.5 calls tools.
	fake.Handle("us.ai21.jamba-1-5-large-v1:0", fakebedrock.Reply{JSON: `{"id":"chatcmpl-t","choices":[{"index":0,"message":{"role":"assistant","content":null,` +
		`"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}}]},"finish_reason":"tool_calls"}],` +
		`"usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59}}`})
	params.Model = "jamba-large"
	resp, err := client.Chat.Completions.New(context.Background(), params)
	if err != nil {
		t.Fatal(err)
	}
	calls := resp.Choices[0].Message.ToolCalls
	if resp.Choices[0].FinishReason != "tool_calls" || len(calls) != 1 || calls[0].ID != "call_1" ||
		calls[0].Function.Name != "get_weather" || calls[0].Function.Arguments != `{"city": "Paris"}` {
		t.Errorf("finish %q calls %+v", resp.Choices[0].FinishReason, calls)
	}
	up := upstreamRequest(t, fake, 0, "us.ai21.jamba-1-5-large-v1:0", "invoke")
	if tools, _ := up["tools"].([]any); len(tools) != 1 {
		t.Errorf("tools %v", up["tools"])
	}

	// Jamba-Instruct and Jurassic-2 have no tools: a 400 naming them.
	for _, alias := range []string{"jamba-instruct", "j2-ultra"} {
		params.Model = alias
		_, err := client.Chat.Completions.New(context.Background(), params)
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Param != "tools" {
			t.Errorf("%s: %v", alias, err)
		}
	}
}

// upstreamRequest returns the body of the only request made since before,
// after checking it went to modelID's operation.
func upstreamRequest(t *testing.T, fake *fakebedrock.Server, before int, modelID, op string) map[string]any {
	t.Helper()
	reqs := fake.Requests()[before:]
	if len(reqs) != 1 || reqs[0].ModelID != modelID || reqs[0].Operation != op {
		t.Fatalf("upstream requests %+v", reqs)
	}
	var body map[string]any
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatalf("body %s: %v", reqs[0].Body, err)
	}
	return body
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
