package integration

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// invokeLlamaLine is a model line served by the llama, llama2 or deepseek
// InvokeModel family: every Llama and DeepSeek model of the supported
// models table, and imported models on the routes LiteLLM names.
type invokeLlamaLine struct {
	alias, target, block string
	// modelID is the model as Bedrock sees it.
	modelID string
	// template is a piece of the prompt the model's chat template writes.
	template string
	// limit is the body's name for max_tokens.
	limit string
	// reply answers chats and text completions, in the model's shape.
	reply fakebedrock.Reply
	// reasoning is what the answers carry as reasoning_content.
	reasoning string
}

const (
	llama3Header = "<|start_header_id|>user<|end_header_id|>\n\n"
	llama2Inst   = "<s>[INST] <<SYS>>\nAnswer briefly.\n<</SYS>>\n\nCapital of France? [/INST]"
	r1Prompt     = "<｜begin▁of▁sentence｜>Answer briefly.<｜User｜>Capital of France?<｜Assistant｜><think>\n"
)

// r1Reply answers as Bedrock's DeepSeek R1 does: choices, and the counts
// only in headers and in the stream's metrics.
func r1Reply(text ...string) fakebedrock.Reply {
	whole, _ := json.Marshal(strings.Join(text, ""))
	r := fakebedrock.Reply{JSON: `{"choices":[{"text":` + string(whole) + `,"stop_reason":"stop"}]}`,
		Header: http.Header{"X-Amzn-Bedrock-Input-Token-Count": {"12"}, "X-Amzn-Bedrock-Output-Token-Count": {"9"}}}
	for _, piece := range text {
		p, _ := json.Marshal(piece)
		r.Events = append(r.Events, fakebedrock.Event{Payload: `{"choices":[{"text":` + string(p) + `,"stop_reason":null}]}`})
	}
	r.Events = append(r.Events, fakebedrock.Event{Payload: `{"choices":[{"text":"","stop_reason":"stop"}],` +
		`"amazon-bedrock-invocationMetrics":{"inputTokenCount":12,"outputTokenCount":9,"invocationLatency":900,"firstByteLatency":200}}`})
	return r
}

func invokeLlamaLines() []invokeLlamaLine {
	llama := func(alias, id string) invokeLlamaLine {
		return invokeLlamaLine{alias: alias, target: "bedrock/invoke/" + id, modelID: id, template: llama3Header,
			limit: "max_gen_len", reply: llamaReply("Par", "is.")}
	}
	llama2 := func(alias, id string) invokeLlamaLine {
		l := llama(alias, id)
		l.template, l.reply = llama2Inst, llamaReply(" Par", "is.")
		return l
	}
	const imported = "arn:aws:bedrock:us-east-1:123456789012:imported-model/"
	return []invokeLlamaLine{
		llama("llama3-1-405b", "meta.llama3-1-405b-instruct-v1:0"),
		llama("llama3-1-70b", "meta.llama3-1-70b-instruct-v1:0"),
		llama("llama3-1-8b", "meta.llama3-1-8b-instruct-v1:0"),
		llama("llama3-70b", "meta.llama3-70b-instruct-v1:0"),
		llama("llama3-8b", "meta.llama3-8b-instruct-v1:0"),
		llama2("llama2-13b", "meta.llama2-13b-chat-v1"),
		llama2("llama2-70b", "meta.llama2-70b-chat-v1"),
		{alias: "r1", target: "bedrock/invoke/us.deepseek.r1-v1:0", modelID: "us.deepseek.r1-v1:0", template: r1Prompt,
			limit: "max_tokens", reply: r1Reply("The capital of France", " is Paris.\n</th", "ink>\n\nPar", "is."),
			reasoning: "The capital of France is Paris."},
		{alias: "imported-llama", target: "bedrock/llama/" + imported + "llama3ft", modelID: imported + "llama3ft",
			template: llama3Header, limit: "max_gen_len", reply: llamaReply("Paris", ".")},
		{alias: "imported-llama2", target: "bedrock/invoke/" + imported + "llama2ft", block: "family llama2", modelID: imported + "llama2ft",
			template: llama2Inst, limit: "max_gen_len", reply: llamaReply("Paris.")},
		{alias: "imported-r1", target: "bedrock/deepseek_r1/" + imported + "r1distill", modelID: imported + "r1distill",
			template: r1Prompt, limit: "max_tokens", reply: llamaReply("France's capital.</think>", "\n\nParis."),
			reasoning: "France's capital."},
	}
}

// TestInvokeLlamaFamilies drives every Llama and DeepSeek line through a
// real Caddy with the OpenAI SDK: a chat, a stream and a text completion
// reach Bedrock's InvokeModel in the model's own prompt format and come
// back in OpenAI's, reasoning apart; tools, which these models cannot
// take, are a 400 that never reaches Bedrock.
func TestInvokeLlamaFamilies(t *testing.T) {
	fake := fakebedrock.New(t)
	lines := invokeLlamaLines()
	var site strings.Builder
	site.WriteString("llm_gateway {\n" + bedrockBlock(fake) + "\n")
	for _, l := range lines {
		fake.Handle(l.modelID, l.reply)
		site.WriteString("model " + l.alias + " " + l.target)
		if l.block != "" {
			site.WriteString(" {\n" + l.block + "\n}")
		}
		site.WriteString("\n")
	}
	site.WriteString("}\n")
	startGateway(t, site.String())

	client := newClient()
	for _, l := range lines {
		t.Run(l.alias, func(t *testing.T) {
			invokeChat(t, client, fake, l)
			invokeStream(t, client, fake, l)
			invokeText(t, client, fake, l)
			invokeTools(t, client, fake, l)
		})
	}
}

var invokeMessages = []openai.ChatCompletionMessageParamUnion{
	openai.SystemMessage("Answer briefly."),
	openai.UserMessage("Capital of France?"),
}

func invokeChat(t *testing.T, client openai.Client, fake *fakebedrock.Server, l invokeLlamaLine) {
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: l.alias, Messages: invokeMessages, MaxTokens: openai.Int(64), Temperature: openai.Float(0.2),
	})
	if err != nil {
		t.Fatal(err)
	}
	var msg struct {
		Reasoning string `json:"reasoning_content"`
	}
	_ = json.Unmarshal([]byte(resp.Choices[0].Message.RawJSON()), &msg)
	if c := resp.Choices[0]; strings.TrimSpace(c.Message.Content) != "Paris." || c.FinishReason != "stop" || msg.Reasoning != l.reasoning {
		t.Errorf("chat: content %q reasoning %q finish %q", c.Message.Content, msg.Reasoning, c.FinishReason)
	}
	if resp.Model != l.alias || resp.Usage.PromptTokens != 12 || resp.Usage.CompletionTokens != 9 {
		t.Errorf("chat: model %q usage %+v", resp.Model, resp.Usage)
	}
	body := upstreamBody(t, fake, l.modelID, "invoke")
	if !strings.Contains(body.Prompt, l.template) || string(body.Members[l.limit]) != "64" || string(body.Members["temperature"]) != "0.2" {
		t.Errorf("chat: upstream body %s", body.Raw)
	}
}

func invokeStream(t *testing.T, client openai.Client, fake *fakebedrock.Server, l invokeLlamaLine) {
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model: l.alias, Messages: invokeMessages,
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	var acc openai.ChatCompletionAccumulator
	var reasoning strings.Builder
	for stream.Next() {
		c := stream.Current()
		acc.AddChunk(c)
		if len(c.Choices) > 0 {
			var delta struct {
				Reasoning string `json:"reasoning_content"`
			}
			_ = json.Unmarshal([]byte(c.Choices[0].Delta.RawJSON()), &delta)
			reasoning.WriteString(delta.Reasoning)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(acc.Choices[0].Message.Content); got != "Paris." || reasoning.String() != l.reasoning {
		t.Errorf("stream: content %q reasoning %q", got, reasoning.String())
	}
	if acc.Choices[0].FinishReason != "stop" || acc.Usage.PromptTokens != 12 || acc.Usage.CompletionTokens != 9 {
		t.Errorf("stream: finish %q usage %+v", acc.Choices[0].FinishReason, acc.Usage)
	}
	if body := upstreamBody(t, fake, l.modelID, "invoke-with-response-stream"); !strings.Contains(body.Prompt, l.template) {
		t.Errorf("stream: upstream prompt %q", body.Prompt)
	}
}

// invokeText sends a text completion: the prompt goes as it is, and the
// answer's text comes back as it is, <think> tags and all.
func invokeText(t *testing.T, client openai.Client, fake *fakebedrock.Server, l invokeLlamaLine) {
	const prompt = "The capital of France is"
	resp, err := client.Completions.New(context.Background(), openai.CompletionNewParams{
		Model: openai.CompletionNewParamsModel(l.alias), Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String(prompt)},
		MaxTokens: openai.Int(16),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Object != "text_completion" || !strings.HasSuffix(resp.Choices[0].Text, "Paris.") || resp.Choices[0].FinishReason != "stop" {
		t.Errorf("text completion: %s", resp.RawJSON())
	}
	if l.reasoning != "" && !strings.Contains(resp.Choices[0].Text, "</th") {
		t.Errorf("text completion: the reasoning was taken out of %q", resp.Choices[0].Text)
	}
	if body := upstreamBody(t, fake, l.modelID, "invoke"); body.Prompt != prompt || string(body.Members[l.limit]) != "16" {
		t.Errorf("text completion: upstream body %s", body.Raw)
	}
}

// invokeTools: a text model cannot take tools; the 400 says so and
// nothing reaches Bedrock.
func invokeTools(t *testing.T, client openai.Client, fake *fakebedrock.Server, l invokeLlamaLine) {
	before := len(fake.Requests())
	_, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: l.alias, Messages: invokeMessages,
		Tools: []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{Name: "get_capital"})},
	})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Param != "tools" || apiErr.Code != "unsupported_parameter" {
		t.Errorf("tools: %v", err)
	}
	if n := len(fake.Requests()); n != before {
		t.Errorf("tools: %d requests reached Bedrock", n-before)
	}
}

// invokeBody is a native body as Bedrock received it.
type invokeBody struct {
	Raw     string
	Prompt  string
	Members map[string]json.RawMessage
}

// upstreamBody returns the body of the last request for modelID, which
// must have been op.
func upstreamBody(t *testing.T, fake *fakebedrock.Server, modelID, op string) invokeBody {
	t.Helper()
	reqs := fake.Requests()
	last := reqs[len(reqs)-1]
	if last.ModelID != modelID || last.Operation != op {
		t.Fatalf("the last request was %s %s, want %s %s", last.Operation, last.ModelID, op, modelID)
	}
	b := invokeBody{Raw: string(last.Body)}
	if err := json.Unmarshal(last.Body, &b.Members); err != nil {
		t.Fatalf("upstream body %s: %v", last.Body, err)
	}
	_ = json.Unmarshal(b.Members["prompt"], &b.Prompt)
	return b
}
