package integration

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// Whole-server tests of the Amazon InvokeModel families: Titan Text, which
// Bedrock serves through InvokeModel only, for both of its models in the
// supported list, and Nova on the bedrock/invoke/ route.

// amazonModels maps each alias to the model ID the fake serves.
var amazonModels = map[string]string{
	"titan-lite":    "amazon.titan-text-lite-v1",
	"titan-express": "amazon.titan-text-express-v1",
	"nova-pro":      "us.amazon.nova-pro-v1:0",
}

func amazonSite(fake *fakebedrock.Server) string {
	return `llm_gateway {
		` + bedrockBlock(fake) + `
		model titan-lite bedrock/amazon.titan-text-lite-v1
		model titan-express bedrock/amazon.titan-text-express-v1
		model nova-pro bedrock/invoke/us.amazon.nova-pro-v1:0
	}`
}

// lastInvoke is the last request the fake saw, with its body decoded.
func lastInvoke(t *testing.T, fake *fakebedrock.Server, body any) fakebedrock.Request {
	t.Helper()
	reqs := fake.Requests()
	if len(reqs) == 0 {
		t.Fatal("no upstream request")
	}
	r := reqs[len(reqs)-1]
	if err := json.Unmarshal(r.Body, body); err != nil {
		t.Fatalf("upstream body %s: %v", r.Body, err)
	}
	return r
}

const titanAnswer = `{"inputTextTokenCount":15,"results":[{"tokenCount":21,
	"outputText":"\nA 'hello world' program prints a greeting to show a language's syntax.\n","completionReason":"FINISH"}]}`

func titanChunks() []fakebedrock.Event {
	return []fakebedrock.Event{
		{Payload: `{"outputText":"\nA 'hello world' ","index":0,"totalOutputTextTokenCount":5,"completionReason":null,"inputTextTokenCount":15}`},
		{Payload: `{"outputText":"program prints a greeting.\n","index":0,"totalOutputTextTokenCount":11,"completionReason":null,"inputTextTokenCount":null}`},
		{Payload: `{"outputText":"","index":0,"totalOutputTextTokenCount":11,"completionReason":"FINISH","inputTextTokenCount":null,
			"amazon-bedrock-invocationMetrics":{"inputTokenCount":15,"outputTokenCount":11,"invocationLatency":800,"firstByteLatency":300}}`},
	}
}

type titanBody struct {
	InputText            string         `json:"inputText"`
	TextGenerationConfig map[string]any `json:"textGenerationConfig"`
}

func TestInvokeTitanChat(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, alias := range []string{"titan-lite", "titan-express"} {
		fake.Handle(amazonModels[alias], fakebedrock.Reply{JSON: titanAnswer, Events: titanChunks()})
	}
	fake.PadPayloads = true
	startGateway(t, amazonSite(fake))
	client := newClient()

	for _, alias := range []string{"titan-lite", "titan-express"} {
		t.Run(alias, func(t *testing.T) {
			resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
				Model: alias,
				Messages: []openai.ChatCompletionMessageParamUnion{
					openai.SystemMessage("Answer in one line."),
					openai.UserMessage("Describe the purpose of a 'hello world' program."),
				},
				MaxTokens:   openai.Int(512),
				Temperature: openai.Float(0.5),
				Stop:        openai.ChatCompletionNewParamsStopUnion{OfString: openai.String("User:")},
			})
			if err != nil {
				t.Fatal(err)
			}
			if c := resp.Choices[0]; c.Message.Content != "A 'hello world' program prints a greeting to show a language's syntax." || c.FinishReason != "stop" {
				t.Errorf("content %q finish %q", c.Message.Content, c.FinishReason)
			}
			if resp.Model != alias || resp.Usage.PromptTokens != 15 || resp.Usage.CompletionTokens != 21 || resp.Usage.TotalTokens != 36 {
				t.Errorf("model %q usage %+v", resp.Model, resp.Usage)
			}
			var body titanBody
			up := lastInvoke(t, fake, &body)
			if up.Operation != "invoke" || up.ModelID != amazonModels[alias] {
				t.Errorf("upstream %s %s", up.Operation, up.ModelID)
			}
			wantInput := "Answer in one line.\n\nUser: Describe the purpose of a 'hello world' program.\nBot:"
			cfg := body.TextGenerationConfig
			if body.InputText != wantInput || cfg["maxTokenCount"] != 512.0 || cfg["temperature"] != 0.5 ||
				len(cfg["stopSequences"].([]any)) != 1 || cfg["stopSequences"].([]any)[0] != "User:" {
				t.Errorf("upstream body %s", up.Body)
			}
		})
	}
}

func TestInvokeTitanStream(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, alias := range []string{"titan-lite", "titan-express"} {
		fake.Handle(amazonModels[alias], fakebedrock.Reply{Events: titanChunks()})
	}
	fake.PadPayloads = true
	startGateway(t, amazonSite(fake))
	client := newClient()

	for _, alias := range []string{"titan-lite", "titan-express"} {
		t.Run(alias, func(t *testing.T) {
			acc := streamChat(t, client, openai.ChatCompletionNewParams{
				Model:         alias,
				Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Describe a 'hello world' program.")},
				StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
			})
			if c := acc.Choices[0]; c.Message.Content != "A 'hello world' program prints a greeting." || c.FinishReason != "stop" {
				t.Errorf("content %q finish %q", c.Message.Content, c.FinishReason)
			}
			if acc.Usage.PromptTokens != 15 || acc.Usage.CompletionTokens != 11 {
				t.Errorf("usage %+v", acc.Usage)
			}
			var body titanBody
			if up := lastInvoke(t, fake, &body); up.Operation != "invoke-with-response-stream" || body.InputText != "User: Describe a 'hello world' program.\nBot:" {
				t.Errorf("upstream %s %s", up.Operation, up.Body)
			}
		})
	}
}

// A text completion's prompt goes to Titan as it is, and its answer comes
// back untrimmed.
func TestInvokeTitanCompletion(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(amazonModels["titan-express"], fakebedrock.Reply{JSON: titanAnswer})
	startGateway(t, amazonSite(fake))

	client := newClient()
	resp, err := client.Completions.New(context.Background(), openai.CompletionNewParams{
		Model:     "titan-express",
		Prompt:    openai.CompletionNewParamsPromptUnion{OfString: openai.String("A 'hello world' program")},
		MaxTokens: openai.Int(64),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Object != "text_completion" || resp.Choices[0].Text != "\nA 'hello world' program prints a greeting to show a language's syntax.\n" {
		t.Errorf("answer %+v", resp)
	}
	var body titanBody
	if lastInvoke(t, fake, &body); body.InputText != "A 'hello world' program" || body.TextGenerationConfig["maxTokenCount"] != 64.0 {
		t.Errorf("upstream body %+v", body)
	}
}

// Titan has no tools: a request with them is a 400 naming the
// parameter, and Bedrock is never called.
func TestInvokeTitanRefusesTools(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(amazonModels["titan-express"], fakebedrock.Reply{JSON: titanAnswer})
	startGateway(t, amazonSite(fake))

	client := newClient()
	_, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "titan-express",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
		Tools:    []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{Name: "get_weather"})},
	})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Param != "tools" || apiErr.Code != "unsupported_parameter" {
		t.Fatalf("err = %v", err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("upstream saw %d requests", n)
	}
}

// Nova on InvokeModel: a tool call, answered and streamed.
func TestInvokeNovaTools(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(amazonModels["nova-pro"], fakebedrock.Reply{
		JSON: `{"output":{"message":{"role":"assistant","content":[{"text":"Let me check."},
			{"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"top_song","input":{"sign":"WZPZ"}}}]}},
			"stopReason":"tool_use","usage":{"inputTokens":420,"outputTokens":61,"totalTokens":481,"cacheReadInputTokenCount":0,"cacheWriteInputTokenCount":0}}`,
		Events: []fakebedrock.Event{
			{Payload: `{"messageStart":{"role":"assistant"}}`},
			{Payload: `{"contentBlockDelta":{"delta":{"text":"Let me check."},"contentBlockIndex":0}}`},
			{Payload: `{"contentBlockStop":{"contentBlockIndex":0}}`},
			{Payload: `{"contentBlockStart":{"start":{"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"top_song"}},"contentBlockIndex":1}}`},
			{Payload: `{"contentBlockDelta":{"delta":{"toolUse":{"input":"{\"sign\":"}},"contentBlockIndex":1}}`},
			{Payload: `{"contentBlockDelta":{"delta":{"toolUse":{"input":"\"WZPZ\"}"}},"contentBlockIndex":1}}`},
			{Payload: `{"contentBlockStop":{"contentBlockIndex":1}}`},
			{Payload: `{"messageStop":{"stopReason":"tool_use"}}`},
			{Payload: `{"metadata":{"usage":{"inputTokens":420,"outputTokens":61},"metrics":{},"trace":{}},
				"amazon-bedrock-invocationMetrics":{"inputTokenCount":420,"outputTokenCount":61,"invocationLatency":900,"firstByteLatency":300}}`},
		},
	})
	fake.PadPayloads = true
	startGateway(t, amazonSite(fake))
	client := newClient()
	params := openai.ChatCompletionNewParams{
		Model:    "nova-pro",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is the most popular song on WZPZ?")},
		Tools: []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name:       "top_song",
			Parameters: shared.FunctionParameters{"type": "object", "properties": map[string]any{"sign": map[string]any{"type": "string"}}},
		})},
		ToolChoice: openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("required")},
		TopP:       openai.Float(0.9),
	}

	checkCall := func(msg openai.ChatCompletionMessage, finish string) {
		t.Helper()
		if len(msg.ToolCalls) != 1 || msg.ToolCalls[0].ID != "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q" || msg.ToolCalls[0].Function.Name != "top_song" ||
			msg.ToolCalls[0].Function.Arguments != `{"sign":"WZPZ"}` || msg.Content != "Let me check." || finish != "tool_calls" {
			t.Errorf("message %+v finish %q", msg, finish)
		}
	}
	checkBody := func(op string) {
		t.Helper()
		var body struct {
			SchemaVersion   string         `json:"schemaVersion"`
			InferenceConfig map[string]any `json:"inferenceConfig"`
			ToolConfig      struct {
				Tools      []map[string]any `json:"tools"`
				ToolChoice map[string]any   `json:"toolChoice"`
			} `json:"toolConfig"`
		}
		up := lastInvoke(t, fake, &body)
		if up.Operation != op || up.RawPath != "/model/us.amazon.nova-pro-v1%3A0/"+op {
			t.Errorf("upstream %s %s", up.Operation, up.RawPath)
		}
		if _, any := body.ToolConfig.ToolChoice["any"]; body.SchemaVersion != "messages-v1" || !any || len(body.ToolConfig.Tools) != 1 || body.InferenceConfig["topP"] != 0.9 {
			t.Errorf("upstream body %s", up.Body)
		}
	}

	resp, err := client.Chat.Completions.New(context.Background(), params)
	if err != nil {
		t.Fatal(err)
	}
	checkCall(resp.Choices[0].Message, resp.Choices[0].FinishReason)
	if resp.Usage.PromptTokens != 420 || resp.Usage.CompletionTokens != 61 {
		t.Errorf("usage %+v", resp.Usage)
	}
	checkBody("invoke")

	acc := streamChat(t, client, params)
	checkCall(acc.Choices[0].Message, acc.Choices[0].FinishReason)
	checkBody("invoke-with-response-stream")
}
