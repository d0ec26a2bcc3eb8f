package integration

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// Cohere's text models on InvokeModel: Command and Command Light (family
// cohere, InvokeModel on a plain bedrock/ route, as Converse has no chat
// for them) and Command R and R+ (family cohere_chat, on bedrock/invoke/,
// as plain routes use Converse for them).

// cohereModel is one Cohere model line of cohereSite.
type cohereModel struct {
	alias, id string
	chat      bool // the cohere_chat family
}

var cohereModels = []cohereModel{
	{"command", "cohere.command-text-v14", false},
	{"command-light", "cohere.command-light-text-v14", false},
	{"command-r", "cohere.command-r-v1:0", true},
	{"command-r-plus", "cohere.command-r-plus-v1:0", true},
}

func cohereSite(fake *fakebedrock.Server) string {
	lines := ""
	for _, m := range cohereModels {
		route := "bedrock/"
		if m.chat {
			route = "bedrock/invoke/"
		}
		lines += "\n\t\tmodel " + m.alias + " " + route + m.id
	}
	return "llm_gateway {\n\t\t" + bedrockBlock(fake) + lines + "\n\t}"
}

// Native answers and stream chunks, in the shapes of Bedrock's Cohere
// pages.
const (
	commandAnswer  = `{"generations":[{"finish_reason":"COMPLETE","id":"a6e3b0a1","text":" Paris is the capital of France."}],"id":"2d6b2a4a","prompt":"p"}`
	commandRAnswer = `{"response_id":"r1","text":"Paris is the capital of France.","generation_id":"4807c924-9003-4d6b-8069-eda03962c465",
		"chat_history":[],"finish_reason":"COMPLETE","meta":{"api_version":{"version":"1"},"billed_units":{"input_tokens":12,"output_tokens":8}}}`
	commandRTool = `{"response_id":"r2","text":"I will look up the weather in Paris.","generation_id":"4807c924-9003-4d6b-8069-eda03962c465",
		"finish_reason":"COMPLETE","tool_calls":[{"name":"get_weather","parameters":{"city":"Paris","unit":"celsius"}}],
		"meta":{"billed_units":{"input_tokens":40,"output_tokens":25}}}`
)

func cohereStream(m cohereModel) []fakebedrock.Event {
	metrics := `"amazon-bedrock-invocationMetrics":{"inputTokenCount":9,"outputTokenCount":3,"invocationLatency":80,"firstByteLatency":20}`
	if !m.chat {
		return []fakebedrock.Event{
			{Payload: `{"text":" Hello","is_finished":false}`},
			{Payload: `{"text":" there","is_finished":false}`},
			{Payload: `{"text":"!","is_finished":false}`},
			{Payload: `{"is_finished":true,"finish_reason":"COMPLETE",` + metrics + `}`},
		}
	}
	return []fakebedrock.Event{
		{Payload: `{"is_finished":false,"event_type":"stream-start","generation_id":"eb889b0f"}`},
		{Payload: `{"is_finished":false,"event_type":"text-generation","text":"Hello"}`},
		{Payload: `{"is_finished":false,"event_type":"text-generation","text":" there"}`},
		{Payload: `{"is_finished":false,"event_type":"text-generation","text":"!"}`},
		{Payload: `{"is_finished":true,"event_type":"stream-end","finish_reason":"COMPLETE","response":{"text":"Hello there!","meta":{"billed_units":{"input_tokens":9,"output_tokens":3}}},` + metrics + `}`},
	}
}

func TestInvokeCohereChat(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, m := range cohereModels {
		if m.chat {
			fake.Handle(m.id, fakebedrock.Reply{JSON: commandRAnswer})
		} else {
			// Command counts no tokens in its body: Bedrock's headers do.
			fake.Handle(m.id, fakebedrock.Reply{JSON: commandAnswer, Header: http.Header{
				"X-Amzn-Bedrock-Input-Token-Count": {"12"}, "X-Amzn-Bedrock-Output-Token-Count": {"8"}}})
		}
	}
	startGateway(t, cohereSite(fake))
	client := newClient()
	for i, m := range cohereModels {
		t.Run(m.alias, func(t *testing.T) {
			resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
				Model: m.alias,
				Messages: []openai.ChatCompletionMessageParamUnion{
					openai.SystemMessage("Answer briefly."),
					openai.UserMessage("What is the capital of France?"),
				},
				MaxTokens:   openai.Int(100),
				Temperature: openai.Float(0.2),
				TopP:        openai.Float(0.9),
				Stop:        openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"END"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := resp.Choices[0].Message.Content; got != "Paris is the capital of France." {
				t.Errorf("content = %q", got)
			}
			if resp.Choices[0].FinishReason != "stop" || resp.Model != m.alias || resp.Usage.PromptTokens != 12 || resp.Usage.CompletionTokens != 8 {
				t.Errorf("finish_reason=%q model=%q usage=%+v", resp.Choices[0].FinishReason, resp.Model, resp.Usage)
			}
			reqs := fake.Requests()
			if len(reqs) != i+1 || reqs[i].Operation != "invoke" || reqs[i].ModelID != m.id {
				t.Fatalf("upstream requests: %+v", reqs)
			}
			var body map[string]any
			if err := json.Unmarshal(reqs[i].Body, &body); err != nil {
				t.Fatal(err)
			}
			if body["max_tokens"] != 100.0 || body["temperature"] != 0.2 || body["p"] != 0.9 || len(body["stop_sequences"].([]any)) != 1 {
				t.Errorf("upstream body %s", reqs[i].Body)
			}
			if m.chat && (body["message"] != "What is the capital of France?" || body["preamble"] != "Answer briefly.") {
				t.Errorf("upstream body %s", reqs[i].Body)
			}
			if !m.chat && body["prompt"] != "System: Answer briefly.\n\nUser: What is the capital of France?\n\nChatbot:" {
				t.Errorf("upstream body %s", reqs[i].Body)
			}
		})
	}
}

func TestInvokeCohereStream(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.PadPayloads = true
	for _, m := range cohereModels {
		fake.Handle(m.id, fakebedrock.Reply{Events: cohereStream(m)})
	}
	startGateway(t, cohereSite(fake))
	client := newClient()
	for i, m := range cohereModels {
		t.Run(m.alias, func(t *testing.T) {
			acc := streamChat(t, client, openai.ChatCompletionNewParams{
				Model:         m.alias,
				Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
				StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
			})
			if acc.Choices[0].Message.Content != "Hello there!" || acc.Choices[0].FinishReason != "stop" {
				t.Errorf("content %q finish %q", acc.Choices[0].Message.Content, acc.Choices[0].FinishReason)
			}
			if acc.Usage.PromptTokens != 9 || acc.Usage.CompletionTokens != 3 {
				t.Errorf("usage %+v", acc.Usage)
			}
			reqs := fake.Requests()
			if len(reqs) != i+1 || reqs[i].Operation != "invoke-with-response-stream" {
				t.Fatalf("upstream requests: %+v", reqs)
			}
			// Command streams only when its body says so; Command R
			// takes no such member.
			if streams := strings.Contains(string(reqs[i].Body), `"stream":true`); streams == m.chat || strings.Contains(string(reqs[i].Body), "stream_options") {
				t.Errorf("upstream body %s", reqs[i].Body)
			}
		})
	}
}

func TestInvokeCohereTextCompletion(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("cohere.command-text-v14", fakebedrock.Reply{JSON: `{"generations":[{"finish_reason":"COMPLETE","id":"g","text":" there was a robot."}],"id":"r","prompt":"Once upon a time"}`})
	startGateway(t, cohereSite(fake))
	client := newClient()
	resp, err := client.Completions.New(context.Background(), openai.CompletionNewParams{
		Model:     "command",
		Prompt:    openai.CompletionNewParamsPromptUnion{OfString: openai.String("Once upon a time")},
		MaxTokens: openai.Int(20),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Text != " there was a robot." || resp.Choices[0].FinishReason != "stop" {
		t.Errorf("choice %+v", resp.Choices[0])
	}
	if reqs := fake.Requests(); len(reqs) != 1 || !strings.Contains(string(reqs[0].Body), `"prompt":"Once upon a time"`) {
		t.Errorf("upstream requests: %+v", reqs)
	}
}

func TestInvokeCohereTools(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, cohereSite(fake))
	client := newClient()
	weather := openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
		Name:        "get_weather",
		Description: openai.String("Current weather for a city"),
		Parameters: shared.FunctionParameters{
			"type":       "object",
			"properties": map[string]any{"city": map[string]any{"type": "string"}, "unit": map[string]any{"type": "string", "enum": []string{"celsius", "fahrenheit"}}},
			"required":   []string{"city"},
		},
	})
	for _, m := range cohereModels {
		if !m.chat {
			continue
		}
		t.Run(m.alias, func(t *testing.T) {
			fake.HandleSequence(m.id, fakebedrock.Reply{JSON: commandRTool}, fakebedrock.Reply{JSON: commandRAnswer})
			before := len(fake.Requests())
			params := openai.ChatCompletionNewParams{
				Model:    m.alias,
				Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
				Tools:    []openai.ChatCompletionToolUnionParam{weather},
			}
			resp, err := client.Chat.Completions.New(context.Background(), params)
			if err != nil {
				t.Fatal(err)
			}
			msg := resp.Choices[0].Message
			if resp.Choices[0].FinishReason != "tool_calls" || len(msg.ToolCalls) != 1 || msg.Content != "I will look up the weather in Paris." {
				t.Fatalf("finish_reason=%q message=%+v", resp.Choices[0].FinishReason, msg)
			}
			call := msg.ToolCalls[0]
			if call.Function.Name != "get_weather" || call.Function.Arguments != `{"city":"Paris","unit":"celsius"}` || call.ID == "" {
				t.Errorf("tool call = %+v", call)
			}

			// Second turn: the result goes back with the call it answers.
			params.Messages = append(params.Messages, msg.ToParam(), openai.ToolMessage(`{"temp":18}`, call.ID))
			resp, err = client.Chat.Completions.New(context.Background(), params)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Choices[0].Message.Content != "Paris is the capital of France." {
				t.Errorf("second answer %+v", resp.Choices[0].Message)
			}
			reqs := fake.Requests()[before:]
			var first, second struct {
				Tools []struct {
					Name        string                    `json:"name"`
					Definitions map[string]map[string]any `json:"parameter_definitions"`
				} `json:"tools"`
				Message     *string           `json:"message"`
				ChatHistory []json.RawMessage `json:"chat_history"`
				ToolResults []struct {
					Call struct {
						Name       string         `json:"name"`
						Parameters map[string]any `json:"parameters"`
					} `json:"call"`
					Outputs []map[string]any `json:"outputs"`
				} `json:"tool_results"`
			}
			if len(reqs) != 2 || json.Unmarshal(reqs[0].Body, &first) != nil || json.Unmarshal(reqs[1].Body, &second) != nil {
				t.Fatalf("upstream requests: %+v", reqs)
			}
			city := first.Tools[0].Definitions["city"]
			if len(first.Tools) != 1 || first.Tools[0].Name != "get_weather" || city["type"] != "str" || city["required"] != true {
				t.Errorf("first body %s", reqs[0].Body)
			}
			r := second.ToolResults
			if second.Message == nil || *second.Message != "" || len(second.ChatHistory) != 2 || len(r) != 1 ||
				r[0].Call.Name != "get_weather" || r[0].Call.Parameters["city"] != "Paris" || r[0].Outputs[0]["temp"] != 18.0 {
				t.Errorf("second body %s", reqs[1].Body)
			}
		})
	}
}

func TestInvokeCohereToolStream(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("cohere.command-r-plus-v1:0", fakebedrock.Reply{Events: []fakebedrock.Event{
		{Payload: `{"event_type":"stream-start","generation_id":"586ac33f"}`},
		{Payload: `{"event_type":"tool-calls-chunk","text":"I will check."}`},
		{Payload: `{"event_type":"tool-calls-chunk","tool_call_delta":{"index":0,"name":"get_weather"}}`},
		{Payload: `{"event_type":"tool-calls-chunk","tool_call_delta":{"index":0,"parameters":"{\"city\": "}}`},
		{Payload: `{"event_type":"tool-calls-chunk","tool_call_delta":{"index":0,"parameters":"\"Paris\"}"}}`},
		{Payload: `{"event_type":"tool-calls-generation","tool_calls":[{"name":"get_weather","parameters":{"city":"Paris"}}]}`},
		{Payload: `{"event_type":"stream-end","finish_reason":"COMPLETE","response":{"meta":{"billed_units":{"input_tokens":30,"output_tokens":12}}}}`},
	}})
	startGateway(t, cohereSite(fake))
	client := newClient()
	acc := streamChat(t, client, openai.ChatCompletionNewParams{
		Model:    "command-r-plus",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
		Tools: []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name: "get_weather", Parameters: shared.FunctionParameters{"type": "object", "properties": map[string]any{"city": map[string]any{"type": "string"}}}})},
	})
	msg := acc.Choices[0].Message
	if acc.Choices[0].FinishReason != "tool_calls" || msg.Content != "I will check." || len(msg.ToolCalls) != 1 ||
		msg.ToolCalls[0].Function.Name != "get_weather" || msg.ToolCalls[0].Function.Arguments != `{"city": "Paris"}` {
		t.Errorf("finish %q message %+v", acc.Choices[0].FinishReason, msg)
	}
}
