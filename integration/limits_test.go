package integration

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestPlaceholderTarget: a target written with a placeholder is resolved
// before it is parsed, so the upstream sees the model, not the braces.
func TestPlaceholderTarget(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.deepseek.r1-v1:0", fakebedrock.Reply{JSON: converseText})
	isolateAWSEnv(t)
	t.Setenv("GW_TEST_MODEL", "us.deepseek.r1-v1:0")
	t.Setenv("GW_TEST_BODY", "4KiB")
	startGateway(t, `llm_gateway {
		max_request_body {env.GW_TEST_BODY}
		`+bedrockBlock(fake)+`
		model r1 bedrock/{env.GW_TEST_MODEL}
	}`)

	resp := post(t, "/v1/chat/completions", `{"model":"r1",`+hello+`}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, readAll(t, resp.Body))
	}
	if reqs := fake.Requests(); len(reqs) != 1 || reqs[0].RawPath != "/model/us.deepseek.r1-v1%3A0/converse" {
		t.Errorf("upstream requests %+v", reqs)
	}
	resp = post(t, "/v1/chat/completions", `{"model":"r1","messages":[{"role":"user","content":"`+strings.Repeat("x", 5000)+`"}]}`)
	if e := decodeError(t, resp); resp.StatusCode != 413 || !strings.Contains(e.Error.Message, "4.0 KiB") {
		t.Errorf("status %d, %+v", resp.StatusCode, e)
	}
}

// TestMaxResponseBody: an answer within max_response_body is relayed
// whole, Content-Length or not; a larger one gets a 502 naming the option.
func TestMaxResponseBody(t *testing.T) {
	fake := fakeazure.New(t)
	vector := "[" + strings.Repeat("0.0123456789,", 20_000) + "0.5]"
	big := `{"object":"list","data":[{"object":"embedding","index":0,"embedding":` + vector + `}],` +
		`"model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}`
	startGateway(t, strings.Replace(azureSite(t, fake), "llm_gateway {", "llm_gateway {\n\t\tmax_response_body 300KiB", 1))
	client := newClient()
	for _, chunked := range []bool{false, true} {
		fake.HandleDeployment("text-embedding-3-small", fakeazure.Reply{JSON: big, NoContentLength: chunked})
		emb, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
			Model: "embed", EncodingFormat: openai.EmbeddingNewParamsEncodingFormatFloat,
			Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("hi")},
		})
		if err != nil {
			t.Fatalf("chunked %v: %v", chunked, err)
		}
		if emb.Model != "embed" || len(emb.Data) != 1 || len(emb.Data[0].Embedding) != 20_001 || emb.Usage.PromptTokens != 2 {
			t.Errorf("chunked %v: model %q, %d vectors", chunked, emb.Model, len(emb.Data))
		}

		fake.HandleDeployment("text-embedding-3-small", fakeazure.Reply{JSON: big + strings.Repeat(" ", 100<<10), NoContentLength: chunked})
		resp := post(t, "/v1/embeddings", `{"model":"embed","input":"hi"}`)
		e := decodeError(t, resp)
		if resp.StatusCode != 502 || e.Error.Code == nil || *e.Error.Code != "upstream_response_too_large" ||
			!strings.Contains(e.Error.Message, "300 KiB (max_response_body)") {
			t.Errorf("chunked %v: status %d, %+v", chunked, resp.StatusCode, e.Error)
		}
	}
}

// TestUpstreamUnreachable: a connection that cannot be made is a 502 that
// names the account and nothing of the network.
func TestUpstreamUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	isolateAWSEnv(t)
	startGateway(t, `llm_gateway {
		bedrock gone {
			region us-east-1
			access_key_id AKIDEXAMPLE
			secret_access_key secret
			endpoint `+closed+`
		}
		azure_ai gone {
			endpoint `+closed+`
			api_key k
		}
		model claude bedrock/anthropic.claude-3-haiku-20240307-v1:0
		model llama azure_ai/Llama
	}`)
	for _, tc := range []struct{ model, provider string }{{"claude", "bedrock"}, {"llama", "azure_ai"}} {
		for _, stream := range []string{"false", "true"} {
			resp := post(t, "/v1/chat/completions", `{"model":"`+tc.model+`","stream":`+stream+`,`+hello+`}`)
			e := decodeError(t, resp)
			if resp.StatusCode != http.StatusBadGateway || e.Error.Code == nil || *e.Error.Code != "upstream_unreachable" {
				t.Errorf("%s stream=%s: status %d, %+v", tc.model, stream, resp.StatusCode, e.Error)
			}
			if !strings.Contains(e.Error.Message, tc.provider+` account "gone"`) || strings.Contains(e.Error.Message, "127.0.0.1") {
				t.Errorf("%s: message %q", tc.model, e.Error.Message)
			}
		}
	}
}

// TestBedrockStreamBreaksOff: a connection that drops mid-stream ends the
// client's stream with an error event and no [DONE].
func TestBedrockStreamBreaksOff(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle("us.anthropic.claude-3-7-sonnet-20250219-v1:0", fakebedrock.Reply{Events: []fakebedrock.Event{
		{Type: "messageStart", Payload: `{"role":"assistant"}`},
		{Type: "contentBlockDelta", Payload: `{"contentBlockIndex":0,"delta":{"text":"First words"}}`},
		{Break: true},
	}})
	startGateway(t, standardSite(t, fake))

	client := newClient()
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:    "claude",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Tell me a story")},
	})
	var text string
	for stream.Next() {
		if c := stream.Current(); len(c.Choices) > 0 {
			text += c.Choices[0].Delta.Content
		}
	}
	if text != "First words" || stream.Err() == nil || !strings.Contains(stream.Err().Error(), "broke off") {
		t.Errorf("text %q, err %v", text, stream.Err())
	}

	resp := post(t, "/v1/chat/completions", `{"model":"claude","stream":true,`+hello+`}`)
	body := readAll(t, resp.Body)
	if !strings.Contains(body, `"code":"stream_interrupted"`) || strings.Contains(body, "[DONE]") {
		t.Errorf("stream: %s", body)
	}
}

// TestStreamEventOverLimit: an upstream event larger than the scanner's
// limit ends the stream with an error that names the limit.
func TestStreamEventOverLimit(t *testing.T) {
	fake := fakeazure.New(t)
	huge := `{"id":"x","object":"chat.completion.chunk","created":1,"model":"Llama","choices":[{"index":0,"delta":{"content":"` +
		strings.Repeat("x", 2<<20) + `"},"finish_reason":null}]}`
	fake.HandleModel("", fakeazure.Reply{Chunks: []fakeazure.Chunk{
		{Data: `{"id":"x","object":"chat.completion.chunk","created":1,"model":"Llama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}`},
		{Data: huge},
	}})
	startGateway(t, azureSite(t, fake))
	resp := post(t, "/v1/chat/completions", `{"model":"llama3","stream":true,`+hello+`}`)
	body := readAll(t, resp.Body)
	if !strings.Contains(body, `"content":"Hi"`) || !strings.Contains(body, `"code":"stream_event_too_large"`) ||
		!strings.Contains(body, "limit of 1.0 MiB") || strings.Contains(body, "[DONE]") {
		t.Errorf("stream: %.600s", body)
	}
}
