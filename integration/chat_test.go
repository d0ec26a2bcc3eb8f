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
	"github.com/openai/openai-go/v3/shared"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

func TestChatCompletionWithOpenAIClient(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{JSON: converseText})
	startGateway(t, standardSite(t, fake))

	client := newClient()
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: "claude",
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("Answer briefly."),
			openai.UserMessage("What is the capital of France?"),
		},
		MaxTokens:   openai.Int(100),
		Temperature: openai.Float(0.2),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Choices[0].Message.Content; got != "Paris is the capital of France." {
		t.Errorf("content = %q", got)
	}
	if resp.Choices[0].FinishReason != "stop" || resp.Model != "claude" || !strings.HasPrefix(resp.ID, "chatcmpl-") {
		t.Errorf("finish_reason=%q model=%q id=%q", resp.Choices[0].FinishReason, resp.Model, resp.ID)
	}
	if resp.Usage.PromptTokens != 12 || resp.Usage.CompletionTokens != 8 || resp.Usage.TotalTokens != 20 {
		t.Errorf("usage = %+v", resp.Usage)
	}

	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("upstream saw %d requests", len(reqs))
	}
	up := reqs[0]
	if up.Operation != "converse" || up.RawPath != "/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse" {
		t.Errorf("upstream %s %s", up.Operation, up.RawPath)
	}
	if auth := up.Header.Get("Authorization"); !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || strings.Contains(auth, "sk-client") {
		t.Errorf("upstream Authorization = %q", auth)
	}
	var body struct {
		System          []map[string]any `json:"system"`
		Messages        []map[string]any `json:"messages"`
		InferenceConfig map[string]any   `json:"inferenceConfig"`
	}
	if err := json.Unmarshal(up.Body, &body); err != nil {
		t.Fatal(err)
	}
	if len(body.System) != 1 || len(body.Messages) != 1 || body.InferenceConfig["maxTokens"] != 100.0 || body.InferenceConfig["temperature"] != 0.2 {
		t.Errorf("upstream body = %s", up.Body)
	}
}

func TestChatStreamWithOpenAIClient(t *testing.T) {
	fake := fakebedrock.New(t)
	const step = 150 * time.Millisecond
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{Events: append([]fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"The user greets. "}}}`},
		{Type: "contentBlockStop", Payload: `{"contentBlockIndex":0}`},
	}, textStream(step, "Hello", " there", "!")[1:]...)})
	startGateway(t, standardSite(t, fake))

	client := newClient()
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:         "r1",
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	start := time.Now()
	var acc openai.ChatCompletionAccumulator
	var firstText time.Duration
	var reasoning strings.Builder
	var usageChunks int
	for stream.Next() {
		chunk := stream.Current()
		acc.AddChunk(chunk)
		if len(chunk.Choices) == 0 {
			usageChunks++
			continue
		}
		if chunk.Choices[0].Delta.Content != "" && firstText == 0 {
			firstText = time.Since(start)
		}
		if f, ok := chunk.Choices[0].Delta.JSON.ExtraFields["reasoning_content"]; ok {
			var s string
			if err := json.Unmarshal([]byte(f.Raw()), &s); err != nil {
				t.Errorf("reasoning_content is not a string: %s", f.Raw())
			}
			reasoning.WriteString(s)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	total := time.Since(start)
	if got := acc.Choices[0].Message.Content; got != "Hello there!" {
		t.Errorf("content = %q", got)
	}
	if reasoning.String() != "The user greets. " {
		t.Errorf("reasoning = %q", reasoning.String())
	}
	if acc.Choices[0].FinishReason != "stop" {
		t.Errorf("finish_reason = %q", acc.Choices[0].FinishReason)
	}
	if usageChunks != 1 || acc.Usage.TotalTokens != 12 {
		t.Errorf("usage chunks = %d, usage = %+v", usageChunks, acc.Usage)
	}
	// The upstream took about 3 steps; the first word must have arrived
	// well before the upstream finished.
	if firstText > total-step {
		t.Errorf("first text after %v of %v: the stream was buffered", firstText, total)
	}
	if reqs := fake.Requests(); len(reqs) != 1 || reqs[0].Operation != "converse-stream" {
		t.Errorf("upstream requests: %+v", reqs)
	} else if strings.Contains(string(reqs[0].Body), "stream_options") {
		t.Errorf("stream_options forwarded: %s", reqs[0].Body)
	}
}

func TestToolCallingWithOpenAIClient(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{JSON: converseTool})
	startGateway(t, standardSite(t, fake))

	client := newClient()
	weather := openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
		Name:        "get_weather",
		Description: openai.String("Current weather for a city"),
		Parameters: shared.FunctionParameters{
			"type":       "object",
			"properties": map[string]any{"city": map[string]any{"type": "string"}, "unit": map[string]any{"type": "string"}},
			"required":   []string{"city"},
		},
	})
	params := openai.ChatCompletionNewParams{
		Model:    "claude",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
		Tools:    []openai.ChatCompletionToolUnionParam{weather},
		ToolChoice: openai.ChatCompletionToolChoiceOptionUnionParam{
			OfAuto: openai.String("required"),
		},
	}
	resp, err := client.Chat.Completions.New(context.Background(), params)
	if err != nil {
		t.Fatal(err)
	}
	msg := resp.Choices[0].Message
	if resp.Choices[0].FinishReason != "tool_calls" || len(msg.ToolCalls) != 1 {
		t.Fatalf("finish_reason=%q tool_calls=%d", resp.Choices[0].FinishReason, len(msg.ToolCalls))
	}
	call := msg.ToolCalls[0]
	if call.ID != "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q" || call.Function.Name != "get_weather" {
		t.Errorf("tool call = %+v", call)
	}
	var args map[string]string
	if err := json.Unmarshal([]byte(call.Function.Arguments), &args); err != nil || args["city"] != "Paris" {
		t.Errorf("arguments = %q (%v)", call.Function.Arguments, err)
	}

	// Second turn: the tool's answer goes back as a toolResult.
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{JSON: converseText})
	params.Messages = append(params.Messages, msg.ToParam(), openai.ToolMessage(`{"temp":18}`, call.ID))
	params.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("auto")}
	if _, err := client.Chat.Completions.New(context.Background(), params); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	var first, second struct {
		Messages []struct {
			Role    string            `json:"role"`
			Content []json.RawMessage `json:"content"`
		} `json:"messages"`
		ToolConfig struct {
			Tools      []json.RawMessage          `json:"tools"`
			ToolChoice map[string]json.RawMessage `json:"toolChoice"`
		} `json:"toolConfig"`
	}
	if err := json.Unmarshal(reqs[0].Body, &first); err != nil {
		t.Fatal(err)
	}
	if _, ok := first.ToolConfig.ToolChoice["any"]; !ok || len(first.ToolConfig.Tools) != 1 {
		t.Errorf("first toolConfig = %s", reqs[0].Body)
	}
	if err := json.Unmarshal(reqs[1].Body, &second); err != nil {
		t.Fatal(err)
	}
	if len(second.Messages) != 3 || second.Messages[1].Role != "assistant" || second.Messages[2].Role != "user" ||
		!strings.Contains(string(reqs[1].Body), `"toolResult":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q"`) ||
		!strings.Contains(string(reqs[1].Body), `"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"get_weather","input":{"city":"Paris","unit":"celsius"}}`) {
		t.Errorf("second turn body = %s", reqs[1].Body)
	}
}

func TestStreamedToolCallsWithOpenAIClient(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockStart", Payload: `{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"tooluse_a","name":"get_weather"}}}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"city\":"}}}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"toolUse":{"input":"\"Paris\"}"}}}`},
		{Type: "contentBlockStop", Payload: `{"contentBlockIndex":0}`},
		{Type: "contentBlockStart", Payload: `{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_b","name":"get_time"}}}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{}"}}}`},
		{Type: "contentBlockStop", Payload: `{"contentBlockIndex":1}`},
		{Type: "messageStop", Payload: `{"stopReason":"tool_use"}`},
		{Type: "metadata", Payload: `{"usage":{"inputTokens":30,"outputTokens":20,"totalTokens":50}}`},
	}})
	fake.PadPayloads = true
	startGateway(t, standardSite(t, fake))

	client := newClient()
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:    "claude",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather and time in Paris?")},
		Tools: []openai.ChatCompletionToolUnionParam{
			openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{Name: "get_weather"}),
			openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{Name: "get_time"}),
		},
	})
	var acc openai.ChatCompletionAccumulator
	for stream.Next() {
		if len(stream.Current().Choices) == 0 {
			t.Error("usage chunk sent although the client did not ask for it")
		}
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	calls := acc.Choices[0].Message.ToolCalls
	if len(calls) != 2 || calls[0].ID != "tooluse_a" || calls[0].Function.Arguments != `{"city":"Paris"}` ||
		calls[1].Function.Name != "get_time" || calls[1].Function.Arguments != "{}" {
		t.Errorf("tool calls = %+v", calls)
	}
	if acc.Choices[0].FinishReason != "tool_calls" {
		t.Errorf("finish_reason = %q", acc.Choices[0].FinishReason)
	}
}

func TestStreamExceptionReachesClientAsError(t *testing.T) {
	clock := useFakeClock(t)
	fake := fakebedrock.New(t)
	events := textStream(0, "Partial")[:2]
	events = append(events, fakebedrock.Event{Type: "throttlingException", Exception: true,
		Payload: `{"message":"Too many tokens, please wait before trying again."}`})
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Events: events})
	startGateway(t, standardSite(t, fake))

	client := newClient()
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:    "claude",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
	})
	var content string
	for stream.Next() {
		if c := stream.Current().Choices; len(c) > 0 {
			content += c[0].Delta.Content
		}
	}
	err := stream.Err()
	if err == nil || !strings.Contains(err.Error(), "Too many tokens") {
		t.Fatalf("stream error = %v", err)
	}
	if content != "Partial" {
		t.Errorf("content before the error = %q", content)
	}

	// Raw: an error event in OpenAI's shape and no [DONE] after it. (The
	// throttling put the deployment in cooldown; move past it.)
	clock.Advance(time.Hour)
	resp := post(t, "/v1/chat/completions", `{"model":"claude","stream":true,"messages":[{"role":"user","content":"Hi"}]}`)
	body := readAll(t, resp.Body)
	if !strings.Contains(body, `data: {"error":{"message":`) || !strings.Contains(body, `"type":"rate_limit_error"`) || strings.Contains(body, "[DONE]") {
		t.Errorf("stream body:\n%s", body)
	}
}

func TestStreamWithoutMessageStopIsAnError(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Events: textStream(0, "cut")[:2]})
	startGateway(t, standardSite(t, fake))

	resp := post(t, "/v1/chat/completions", `{"model":"claude","stream":true,"messages":[{"role":"user","content":"Hi"}]}`)
	body := readAll(t, resp.Body)
	if !strings.Contains(body, `data: {"error":`) || strings.Contains(body, "[DONE]") || strings.Contains(body, `"finish_reason":"stop"`) {
		t.Errorf("stream body:\n%s", body)
	}
}

func TestOpenAIClientSeesUpstreamErrors(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{
		Status: http.StatusTooManyRequests, ErrorType: "ThrottlingException", Message: "Too many requests, please wait before trying again.",
	})
	startGateway(t, standardSite(t, fake))

	client := newClient()
	_, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "claude",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
	})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v", err)
	}
	if apiErr.StatusCode != http.StatusTooManyRequests || apiErr.Response.Header.Get("Retry-After") == "" ||
		!strings.Contains(apiErr.Message, "Too many requests") {
		t.Errorf("status=%d retry-after=%q message=%q", apiErr.StatusCode, apiErr.Response.Header.Get("Retry-After"), apiErr.Message)
	}
}

func TestModelsEndpoint(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, standardSite(t, fake))

	client := newClient()
	page, err := client.Models.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range page.Data {
		ids = append(ids, m.ID+"/"+m.OwnedBy)
	}
	if strings.Join(ids, ",") != "claude/aws-bedrock,r1/aws-bedrock,profiled/aws-bedrock" {
		t.Errorf("models = %v", ids)
	}
	m, err := client.Models.Get(context.Background(), "r1")
	if err != nil || m.ID != "r1" || m.Created != page.Data[1].Created || m.Created == 0 {
		t.Errorf("get r1 = %+v, %v", m, err)
	}
	if got := m.JSON.ExtraFields["endpoints"].Raw(); got != `["/v1/chat/completions","/v1/completions"]` {
		t.Errorf("r1 endpoints = %s", got)
	}
	if len(fake.Requests()) != 0 {
		t.Error("listing models called the upstream")
	}
}
