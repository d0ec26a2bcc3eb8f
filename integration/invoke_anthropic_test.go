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

// The Claude rows of the supported models table, served through
// InvokeModel with the anthropic family's Messages API body. Claude 2.x
// and Instant take text only.
var anthropicInvokeModels = []struct {
	alias, id string
	tools     bool
}{
	{"claude-3-5-sonnet", "anthropic.claude-3-5-sonnet-20240620-v1:0", true},
	{"claude-3-sonnet", "anthropic.claude-3-sonnet-20240229-v1:0", true},
	{"claude-3-haiku", "anthropic.claude-3-haiku-20240307-v1:0", true},
	{"claude-3-opus", "anthropic.claude-3-opus-20240229-v1:0", true},
	{"claude-2.1", "anthropic.claude-v2:1", false},
	{"claude-2", "anthropic.claude-v2", false},
	{"claude-instant", "anthropic.claude-instant-v1", false},
}

func anthropicInvokeSite(fake *fakebedrock.Server) string {
	var lines strings.Builder
	for _, m := range anthropicInvokeModels {
		lines.WriteString("\t\tmodel " + m.alias + " bedrock/invoke/" + m.id + "\n")
	}
	return "llm_gateway {\n\t\t" + bedrockBlock(fake) + "\n" + lines.String() + "\t}"
}

// Answers and stream events as Claude sends them through InvokeModel.
const (
	claudeInvokeText = `{"id":"msg_bdrk_01","type":"message","role":"assistant","model":"claude",
		"content":[{"type":"text","text":"Paris is the capital of France."}],
		"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":14,"output_tokens":9}}`
	claudeInvokeTool = `{"id":"msg_bdrk_02","type":"message","role":"assistant","model":"claude",
		"content":[{"type":"text","text":"Let me check."},
		{"type":"tool_use","id":"toolu_bdrk_01A09q90qw90lq917835lq9","name":"get_weather","input":{"city":"Paris","unit":"celsius"}}],
		"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":380,"output_tokens":60}}`
)

// lastClaudeInvoke is the fake's last request, checked to be an InvokeModel
// call of the operation for model id.
func lastClaudeInvoke(t *testing.T, fake *fakebedrock.Server, id, op string) fakebedrock.Request {
	t.Helper()
	reqs := fake.Requests()
	if len(reqs) == 0 {
		t.Fatal("no upstream request")
	}
	r := reqs[len(reqs)-1]
	if r.ModelID != id || r.Operation != op || r.RawPath != "/model/"+strings.ReplaceAll(id, ":", "%3A")+"/"+op {
		t.Errorf("upstream %s %s %s", r.ModelID, r.Operation, r.RawPath)
	}
	return r
}

// TestAnthropicInvokeChat sends a chat and a text completion to each model.
func TestAnthropicInvokeChat(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, m := range anthropicInvokeModels {
		fake.Handle(m.id, fakebedrock.Reply{JSON: claudeInvokeText})
	}
	startGateway(t, anthropicInvokeSite(fake))
	client := newClient()
	for _, m := range anthropicInvokeModels {
		t.Run(m.alias, func(t *testing.T) {
			resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
				Model: m.alias,
				Messages: []openai.ChatCompletionMessageParamUnion{
					openai.SystemMessage("Answer briefly."),
					openai.UserMessage("What is the capital of France?"),
				},
				Temperature: openai.Float(0.2),
				Stop:        openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"###"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if c := resp.Choices[0]; c.Message.Content != "Paris is the capital of France." || c.FinishReason != "stop" || resp.Model != m.alias {
				t.Errorf("content %q finish %q model %q", c.Message.Content, c.FinishReason, resp.Model)
			}
			if resp.Usage.PromptTokens != 14 || resp.Usage.CompletionTokens != 9 || resp.Usage.TotalTokens != 23 {
				t.Errorf("usage %+v", resp.Usage)
			}
			var body struct {
				Version       string   `json:"anthropic_version"`
				MaxTokens     int      `json:"max_tokens"`
				System        string   `json:"system"`
				Temperature   float64  `json:"temperature"`
				StopSequences []string `json:"stop_sequences"`
				Messages      []struct {
					Role    string `json:"role"`
					Content []struct {
						Type, Text string
					} `json:"content"`
				} `json:"messages"`
			}
			up := lastClaudeInvoke(t, fake, m.id, "invoke")
			if err := json.Unmarshal(up.Body, &body); err != nil {
				t.Fatal(err)
			}
			if body.Version != "bedrock-2023-05-31" || body.MaxTokens != 4096 || body.System != "Answer briefly." ||
				body.Temperature != 0.2 || len(body.StopSequences) != 1 || len(body.Messages) != 1 ||
				body.Messages[0].Role != "user" || body.Messages[0].Content[0].Text != "What is the capital of France?" {
				t.Errorf("upstream body %s", up.Body)
			}

			// A text completion is one user message, for Claude 2.x and
			// Instant as for the others.
			text, err := client.Completions.New(context.Background(), openai.CompletionNewParams{
				Model:     openai.CompletionNewParamsModel(m.alias),
				Prompt:    openai.CompletionNewParamsPromptUnion{OfString: openai.String("The capital of France is")},
				MaxTokens: openai.Int(20),
			})
			if err != nil {
				t.Fatal(err)
			}
			if text.Object != "text_completion" || text.Choices[0].Text != "Paris is the capital of France." || text.Choices[0].FinishReason != "stop" {
				t.Errorf("text completion %+v", text)
			}
			if up := lastClaudeInvoke(t, fake, m.id, "invoke"); !strings.Contains(string(up.Body),
				`"max_tokens":20,"messages":[{"role":"user","content":[{"type":"text","text":"The capital of France is"}]}]`) {
				t.Errorf("text completion body %s", up.Body)
			}
		})
	}
}

func TestAnthropicInvokeStream(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.PadPayloads = true
	for _, m := range anthropicInvokeModels {
		fake.Handle(m.id, fakebedrock.Reply{Events: claudeInvokeStream("Hello", " there", "!")})
	}
	startGateway(t, anthropicInvokeSite(fake))
	client := newClient()
	for _, m := range anthropicInvokeModels {
		t.Run(m.alias, func(t *testing.T) {
			acc := streamChat(t, client, openai.ChatCompletionNewParams{
				Model:         m.alias,
				Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
				StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
			})
			if c := acc.Choices[0]; c.Message.Content != "Hello there!" || c.FinishReason != "stop" {
				t.Errorf("content %q finish %q", c.Message.Content, c.FinishReason)
			}
			if acc.Usage.PromptTokens != 11 || acc.Usage.CompletionTokens != 4 {
				t.Errorf("usage %+v", acc.Usage)
			}
			lastClaudeInvoke(t, fake, m.id, "invoke-with-response-stream")
		})
	}

	// An exception mid-stream reaches the client as an error, after what
	// came before it.
	events := claudeInvokeStream("Partial")[:4]
	events = append(events, fakebedrock.Event{Type: "modelStreamErrorException", Exception: true,
		Payload: `{"message":"The model stream broke."}`})
	fake.Handle(anthropicInvokeModels[0].id, fakebedrock.Reply{Events: events})
	resp := post(t, "/v1/chat/completions", `{"model":"`+anthropicInvokeModels[0].alias+`","stream":true,"messages":[{"role":"user","content":"Hi"}]}`)
	body := readAll(t, resp.Body)
	if !strings.Contains(body, `"content":"Partial"`) || !strings.Contains(body, `data: {"error":{"message":`) ||
		!strings.Contains(body, "The model stream broke.") || strings.Contains(body, "[DONE]") {
		t.Errorf("stream body:\n%s", body)
	}
}

func TestAnthropicInvokeTools(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, anthropicInvokeSite(fake))
	client := newClient()
	weather := openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
		Name: "get_weather",
		Parameters: shared.FunctionParameters{
			"type":       "object",
			"properties": map[string]any{"city": map[string]any{"type": "string"}, "unit": map[string]any{"type": "string"}},
		},
	})
	for _, m := range anthropicInvokeModels {
		t.Run(m.alias, func(t *testing.T) {
			fake.Handle(m.id, fakebedrock.Reply{JSON: claudeInvokeTool})
			params := openai.ChatCompletionNewParams{
				Model:      m.alias,
				Messages:   []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Weather in Paris?")},
				Tools:      []openai.ChatCompletionToolUnionParam{weather},
				ToolChoice: openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("required")},
			}
			before := len(fake.Requests())
			resp, err := client.Chat.Completions.New(context.Background(), params)
			if !m.tools {
				// Claude 2.x and Instant cannot use tools: a 400 naming
				// the parameter, and no upstream call.
				var apiErr *openai.Error
				if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Param != "tools" ||
					!strings.Contains(apiErr.Message, "not supported by Claude 2 and Claude Instant models") {
					t.Errorf("error %v", err)
				}
				if len(fake.Requests()) != before {
					t.Errorf("the request went upstream")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			msg := resp.Choices[0].Message
			if resp.Choices[0].FinishReason != "tool_calls" || len(msg.ToolCalls) != 1 ||
				msg.ToolCalls[0].ID != "toolu_bdrk_01A09q90qw90lq917835lq9" || msg.ToolCalls[0].Function.Name != "get_weather" ||
				msg.ToolCalls[0].Function.Arguments != `{"city":"Paris","unit":"celsius"}` {
				t.Fatalf("answer %+v", resp.Choices[0])
			}
			if up := lastClaudeInvoke(t, fake, m.id, "invoke"); !strings.Contains(string(up.Body), `"tool_choice":{"type":"any"}`) ||
				!strings.Contains(string(up.Body), `"tools":[{"name":"get_weather","input_schema":`) {
				t.Errorf("first turn body %s", up.Body)
			}

			// Second turn: the tool's answer goes back as a tool_result.
			fake.Handle(m.id, fakebedrock.Reply{JSON: claudeInvokeText})
			params.Messages = append(params.Messages, msg.ToParam(), openai.ToolMessage(`{"temp":18}`, msg.ToolCalls[0].ID))
			params.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("auto")}
			if _, err := client.Chat.Completions.New(context.Background(), params); err != nil {
				t.Fatal(err)
			}
			up := string(lastClaudeInvoke(t, fake, m.id, "invoke").Body)
			for _, want := range []string{
				`{"type":"tool_use","id":"toolu_bdrk_01A09q90qw90lq917835lq9","name":"get_weather","input":{"city":"Paris","unit":"celsius"}}`,
				`{"type":"tool_result","tool_use_id":"toolu_bdrk_01A09q90qw90lq917835lq9","content":[{"type":"text","text":"{\"temp\":18}"}]}`,
				`"tool_choice":{"type":"auto"}`,
			} {
				if !strings.Contains(up, want) {
					t.Errorf("second turn body lacks %s:\n%s", want, up)
				}
			}
		})
	}
}
