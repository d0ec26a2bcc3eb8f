package integration

import (
	"context"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestTextCompletions: POST /v1/completions with the OpenAI client, on a
// Converse route (the prompt as one user message, the answer rewritten),
// on an Azure OpenAI completion model (relayed to its own /completions),
// and on an Azure AI model (as a chat).
func TestTextCompletions(t *testing.T) {
	bedrockFake := fakebedrock.New(t)
	bedrockFake.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Once", " upon")})
	azureFake := fakeazure.New(t)
	azureFake.HandleDeployment("gpt-35-turbo-instruct", fakeazure.Reply{Text: "a time"})
	azureFake.HandleModel("", fakeazure.Reply{Text: "there was"})
	site := strings.Replace(azureSite(t, azureFake), "llm_gateway {", "llm_gateway {\n"+bedrockBlock(bedrockFake)+
		"\nmodel claude bedrock/"+claudeID+" {\n account test\n}\nmodel instruct azure/gpt-35-turbo-instruct {\n account oai\n}", 1)
	startGateway(t, site)
	client := newClient()
	ctx := context.Background()

	for _, tc := range []struct{ model, text string }{
		{"claude", "Paris is the capital of France."},
		{"instruct", "a time"},
		{"llama3", "there was"},
	} {
		c, err := client.Completions.New(ctx, openai.CompletionNewParams{
			Model:  openai.CompletionNewParamsModel(tc.model),
			Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String("Tell me")},
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.model, err)
		}
		if c.Object != "text_completion" || len(c.Choices) != 1 || c.Choices[0].Text != tc.text || c.Model != tc.model {
			t.Errorf("%s: %+v", tc.model, c)
		}
	}
	up := bedrockFake.Requests()[0]
	if !strings.Contains(string(up.Body), `"messages":[{"role":"user","content":[{"text":"Tell me"}]}]`) {
		t.Errorf("converse body %s", up.Body)
	}
	var instructReq *fakeazure.Request
	for _, r := range azureFake.Requests() {
		if r.Deployment == "gpt-35-turbo-instruct" {
			instructReq = &r
		}
	}
	if instructReq == nil || instructReq.Operation != "completions" || !strings.Contains(string(instructReq.Body), `"prompt":"Tell me"`) {
		t.Errorf("azure completions request %+v", instructReq)
	}

	stream := client.Completions.NewStreaming(ctx, openai.CompletionNewParams{
		Model:  "claude",
		Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String("Tell me")},
	})
	var text string
	for stream.Next() {
		c := stream.Current()
		if c.Object != "text_completion" {
			t.Errorf("chunk object %q", c.Object)
		}
		if len(c.Choices) > 0 {
			text += c.Choices[0].Text
		}
	}
	if err := stream.Err(); err != nil || text != "Once upon" {
		t.Errorf("stream %q, %v", text, err)
	}

	for _, body := range []string{`{"model":"claude","prompt":["a","b"]}`, `{"model":"claude","prompt":[1,2]}`,
		`{"model":"claude","prompt":"x","echo":true}`, `{"model":"claude","prompt":"x","suffix":"y"}`, `{"model":"claude"}`} {
		resp := post(t, "/v1/completions", body)
		if e := decodeError(t, resp); resp.StatusCode != 400 {
			t.Errorf("%s: %d %+v", body, resp.StatusCode, e)
		}
	}
}
