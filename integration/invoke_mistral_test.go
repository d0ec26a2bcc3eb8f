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

// The Mistral models of the supported-models table, served by InvokeModel
// with the mistral family, and Mistral Large for the chat body's tools.
var mistralPromptModels = []struct{ alias, id string }{
	{"mistral-7b", "mistral.mistral-7b-instruct-v0:2"},
	{"mixtral", "mistral.mixtral-8x7b-instruct-v0:1"},
}

const mistralLargeID = "mistral.mistral-large-2407-v1:0"

func mistralSite(fake *fakebedrock.Server) string {
	return `llm_gateway {
		` + bedrockBlock(fake) + `
		model mistral-7b bedrock/invoke/mistral.mistral-7b-instruct-v0:2
		model mixtral bedrock/invoke/mistral.mixtral-8x7b-instruct-v0:1
		model mistral-large bedrock/invoke/` + mistralLargeID + `
	}`
}

// mistralTokens are the token counts InvokeModel sends in headers.
var mistralTokens = http.Header{"X-Amzn-Bedrock-Input-Token-Count": {"21"}, "X-Amzn-Bedrock-Output-Token-Count": {"9"}}

// invocationMetrics is what Bedrock adds to a stream's last chunk.
const invocationMetrics = `"amazon-bedrock-invocationMetrics":{"inputTokenCount":21,"outputTokenCount":9,"invocationLatency":640,"firstByteLatency":120}`

func TestInvokeMistralChat(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, m := range mistralPromptModels {
		fake.Handle(m.id, fakebedrock.Reply{JSON: `{"outputs":[{"text":" Paris is the capital of France.","stop_reason":"stop"}]}`, Header: mistralTokens})
	}
	startGateway(t, mistralSite(fake))

	client := newClient()
	for i, m := range mistralPromptModels {
		resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
			Model: m.alias,
			Messages: []openai.ChatCompletionMessageParamUnion{
				openai.SystemMessage("Answer briefly."),
				openai.UserMessage("What is the capital of France?"),
			},
			MaxTokens:   openai.Int(100),
			Temperature: openai.Float(0.2),
			Stop:        openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"</s>"}},
		})
		if err != nil {
			t.Fatalf("%s: %v", m.alias, err)
		}
		c := resp.Choices[0]
		if c.Message.Content != "Paris is the capital of France." || c.FinishReason != "stop" || resp.Model != m.alias {
			t.Errorf("%s: content %q finish %q model %q", m.alias, c.Message.Content, c.FinishReason, resp.Model)
		}
		if resp.Usage.PromptTokens != 21 || resp.Usage.CompletionTokens != 9 || resp.Usage.TotalTokens != 30 {
			t.Errorf("%s: usage %+v", m.alias, resp.Usage)
		}

		up := fake.Requests()[i]
		if up.Operation != "invoke" || up.ModelID != m.id {
			t.Errorf("%s: upstream %s %s", m.alias, up.Operation, up.ModelID)
		}
		var body map[string]any
		if err := json.Unmarshal(up.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body["prompt"] != "<s>[INST] Answer briefly.\n\nWhat is the capital of France? [/INST]" ||
			body["max_tokens"] != 100.0 || body["temperature"] != 0.2 || len(body) != 4 {
			t.Errorf("%s: upstream body %s", m.alias, up.Body)
		}
	}
}

func TestInvokeMistralStream(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.PadPayloads = true
	for _, m := range mistralPromptModels {
		fake.Handle(m.id, fakebedrock.Reply{Events: []fakebedrock.Event{
			{Payload: `{"outputs":[{"text":" Paris","stop_reason":null}]}`},
			{Payload: `{"outputs":[{"text":" is the capital of \"France\".","stop_reason":null}]}`},
			{Payload: `{"outputs":[{"text":"","stop_reason":"stop"}],` + invocationMetrics + `}`},
		}})
	}
	startGateway(t, mistralSite(fake))

	client := newClient()
	for _, m := range mistralPromptModels {
		acc := streamChat(t, client, openai.ChatCompletionNewParams{
			Model:         m.alias,
			Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is the capital of France?")},
			StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
		})
		if got := acc.Choices[0].Message.Content; got != `Paris is the capital of "France".` || acc.Choices[0].FinishReason != "stop" {
			t.Errorf("%s: content %q finish %q", m.alias, got, acc.Choices[0].FinishReason)
		}
		if acc.Usage.PromptTokens != 21 || acc.Usage.CompletionTokens != 9 {
			t.Errorf("%s: usage %+v", m.alias, acc.Usage)
		}
	}
	for _, r := range fake.Requests() {
		if r.Operation != "invoke-with-response-stream" {
			t.Errorf("upstream %s %s", r.Operation, r.ModelID)
		}
	}
}

// TestInvokeMistralStreamException: an exception mid-stream reaches the
// client as an error, after the text sent before it.
func TestInvokeMistralStreamException(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(mistralPromptModels[0].id, fakebedrock.Reply{Events: []fakebedrock.Event{
		{Payload: `{"outputs":[{"text":" Paris","stop_reason":null}]}`},
		{Type: "modelStreamErrorException", Exception: true, Payload: `{"message":"The model stopped unexpectedly."}`},
	}})
	startGateway(t, mistralSite(fake))

	client := newClient()
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:    mistralPromptModels[0].alias,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is the capital of France?")},
	})
	var text string
	for stream.Next() {
		if len(stream.Current().Choices) > 0 {
			text += stream.Current().Choices[0].Delta.Content
		}
	}
	if err := stream.Err(); err == nil || !strings.Contains(err.Error(), "The model stopped unexpectedly.") || text != "Paris" {
		t.Errorf("text %q, err %v", text, err)
	}
}

func TestInvokeMistralCompletions(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, m := range mistralPromptModels {
		fake.Handle(m.id, fakebedrock.Reply{JSON: `{"outputs":[{"text":" a princess lived in a tower.","stop_reason":"length"}]}`, Header: mistralTokens})
	}
	startGateway(t, mistralSite(fake))

	client := newClient()
	for i, m := range mistralPromptModels {
		resp, err := client.Completions.New(context.Background(), openai.CompletionNewParams{
			Model:     openai.CompletionNewParamsModel(m.alias),
			Prompt:    openai.CompletionNewParamsPromptUnion{OfString: openai.String("Once upon a time")},
			MaxTokens: openai.Int(8),
		})
		if err != nil {
			t.Fatalf("%s: %v", m.alias, err)
		}
		if resp.Object != "text_completion" || resp.Choices[0].Text != " a princess lived in a tower." || resp.Choices[0].FinishReason != "length" {
			t.Errorf("%s: %+v", m.alias, resp)
		}
		// The prompt goes as it is: no template.
		var body map[string]any
		if err := json.Unmarshal(fake.Requests()[i].Body, &body); err != nil {
			t.Fatal(err)
		}
		if body["prompt"] != "Once upon a time" || body["max_tokens"] != 8.0 {
			t.Errorf("%s: upstream body %s", m.alias, fake.Requests()[i].Body)
		}
	}
}

// TestInvokeMistralPromptModelsRefuseTools: the prompt models have no
// tools; the client hears so before any call.
func TestInvokeMistralPromptModelsRefuseTools(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, mistralSite(fake))
	client := newClient()
	_, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "mixtral",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
		Tools:    []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{Name: "get_weather"})},
	})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Param != "tools" || len(fake.Requests()) != 0 {
		t.Errorf("err %v, %d upstream requests", err, len(fake.Requests()))
	}
}

func TestInvokeMistralLargeTools(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.HandleSequence(mistralLargeID,
		fakebedrock.Reply{JSON: `{"choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"kwN5WGm2g","function":{"name":"top_song","arguments":"{\"sign\": \"WZPZ\"}"}}]},"stop_reason":"tool_calls"}]}`, Header: mistralTokens},
		fakebedrock.Reply{Events: []fakebedrock.Event{
			{Payload: `{"choices":[{"index":0,"message":{"role":"assistant","content":""},"stop_reason":null}]}`},
			{Payload: `{"choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"Qx7rT2vLm","function":{"name":"top_song","arguments":"{\"sign\": \"WKRP\"}"}}]},"stop_reason":null}]}`},
			{Payload: `{"choices":[{"index":0,"message":{"role":"assistant","content":""},"stop_reason":"tool_calls"}],` + invocationMetrics + `}`},
		}},
	)
	startGateway(t, mistralSite(fake))

	client := newClient()
	tools := []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
		Name:        "top_song",
		Description: openai.String("Get the most popular song played on a radio station."),
		Parameters:  shared.FunctionParameters{"type": "object", "properties": map[string]any{"sign": map[string]any{"type": "string"}}, "required": []string{"sign"}},
	})}
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:      "mistral-large",
		Messages:   []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is the most popular song on WZPZ?")},
		Tools:      tools,
		ToolChoice: openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("required")},
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := resp.Choices[0].Message.ToolCalls
	if len(calls) != 1 || calls[0].ID != "kwN5WGm2g" || calls[0].Function.Name != "top_song" || calls[0].Function.Arguments != `{"sign": "WZPZ"}` ||
		resp.Choices[0].FinishReason != "tool_calls" {
		t.Fatalf("answer %+v", resp.Choices[0])
	}
	var body struct {
		Messages   []map[string]any `json:"messages"`
		Tools      []map[string]any `json:"tools"`
		ToolChoice string           `json:"tool_choice"`
	}
	if err := json.Unmarshal(fake.Requests()[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Messages) != 1 || len(body.Tools) != 1 || body.ToolChoice != "any" {
		t.Errorf("upstream body %s", fake.Requests()[0].Body)
	}

	// The tool round trip, streamed: an OpenAI-style id goes to Mistral as
	// nine letters and digits, the same in the call and its result.
	acc := streamChat(t, client, openai.ChatCompletionNewParams{
		Model: "mistral-large",
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.UserMessage("And on WKRP?"),
			{OfAssistant: &openai.ChatCompletionAssistantMessageParam{ToolCalls: []openai.ChatCompletionMessageToolCallUnionParam{{
				OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{ID: "call_Wz9pq1Ke7sTx", Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{Name: "top_song", Arguments: `{"sign":"WZPZ"}`}},
			}}}},
			openai.ToolMessage(`{"song": "Elemental Hotel", "artist": "8 Storey Hike"}`, "call_Wz9pq1Ke7sTx"),
		},
		Tools: tools,
	})
	calls = acc.Choices[0].Message.ToolCalls
	if len(calls) != 1 || calls[0].ID != "Qx7rT2vLm" || calls[0].Function.Arguments != `{"sign": "WKRP"}` || acc.Choices[0].FinishReason != "tool_calls" {
		t.Errorf("streamed calls %+v finish %q", calls, acc.Choices[0].FinishReason)
	}
	sent := string(fake.Requests()[1].Body)
	if strings.Contains(sent, "call_Wz9pq1Ke7sTx") {
		t.Errorf("upstream body %s", sent)
	}
	var round struct {
		Messages []struct {
			ToolCalls []struct {
				ID string `json:"id"`
			} `json:"tool_calls"`
			ToolCallID string `json:"tool_call_id"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(sent), &round); err != nil {
		t.Fatal(err)
	}
	if len(round.Messages) != 3 || len(round.Messages[1].ToolCalls) != 1 || len(round.Messages[1].ToolCalls[0].ID) != 9 ||
		round.Messages[1].ToolCalls[0].ID != round.Messages[2].ToolCallID {
		t.Errorf("upstream body %s", sent)
	}
}
