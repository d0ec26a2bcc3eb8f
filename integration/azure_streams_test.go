package integration

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// A stream ends at [DONE], a moment before the upstream's body does: the
// gateway reads that last bit rather than close the body early, which
// over HTTP/1.1 would cost the connection.
func TestAzureStreamsKeepTheirConnection(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "one two three"})
	fake.HandleDeployment("gpt-35-turbo-instruct", fakeazure.Reply{Text: "four five"})
	fake.HandleModel("", fakeazure.Reply{Text: "six seven"})
	site := strings.Replace(azureSite(t, fake), "model embed ", "model instruct azure/gpt-35-turbo-instruct {\n\t\t\taccount oai\n\t\t}\n\t\tmodel embed ", 1)
	startGateway(t, site)
	client := newClient()
	round := func() {
		for model, want := range map[string]string{"gpt4o": "one two three", "llama3": "six seven"} {
			acc := streamChat(t, client, openai.ChatCompletionNewParams{
				Model:    model,
				Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Count")},
			})
			if got := acc.Choices[0].Message.Content; got != want {
				t.Fatalf("%s: content %q", model, got)
			}
		}
		resp := post(t, "/v1/completions", `{"model":"instruct","prompt":"Count","stream":true}`)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasSuffix(string(body), "data: [DONE]\n\n") {
			t.Fatalf("text stream: %d %s", resp.StatusCode, body)
		}
	}
	for range 10 {
		round()
	}
	// A client may ask again while the last answer's end is still being
	// read, so a second connection may open; none is ever closed.
	if n, closed := fake.Conns(), fake.ClosedConns(); closed != 0 || n > 4 {
		t.Errorf("30 streams opened %d connections and closed %d: streams must leave their connection reusable", n, closed)
	}
}

// An upstream that keeps its body open after [DONE] is cut off quickly:
// the client's answer is complete and ends, and the next call works.
func TestAzureStreamHeldOpenAfterDone(t *testing.T) {
	fake := fakeazure.New(t)
	chunk := `{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}`
	fake.HandleModel("", fakeazure.Reply{Chunks: []fakeazure.Chunk{{Data: chunk}, {Data: "[DONE]"}, {Block: true}}})
	startGateway(t, azureSite(t, fake))
	client := newClient()
	for i := range 2 {
		start := time.Now()
		acc := streamChat(t, client, openai.ChatCompletionNewParams{
			Model:    "llama3",
			Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
		})
		if got := acc.Choices[0].Message.Content; got != "hi" {
			t.Fatalf("content %q", got)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("the stream took %v to end", took)
		}
		select {
		case <-fake.Canceled():
		case <-time.After(5 * time.Second):
			t.Fatalf("stream %d: the upstream's held body was never closed", i)
		}
	}
	if n := fake.Conns(); n != 2 {
		t.Errorf("%d connections, want one per held-open stream", n)
	}
}

// A text completions stream that stops short says so: with nothing
// relayed yet it is a 502 (and could have failed over), after some text an
// error event, never a silent end without [DONE].
func TestAzureTextStreamCutShort(t *testing.T) {
	fake := fakeazure.New(t)
	site := strings.Replace(azureSite(t, fake), "model embed ", "model instruct azure/gpt-35-turbo-instruct {\n\t\t\taccount oai\n\t\t}\n\t\tmodel embed ", 1)
	startGateway(t, site)
	text := `{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"text":"once","index":0,"logprobs":null,"finish_reason":null}]}`
	finished := `{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]}`
	for _, tc := range []struct {
		name   string
		chunks []fakeazure.Chunk
		status int
		want   []string
	}{
		{"no event", []fakeazure.Chunk{{Raw: ": keep-alive\n\n"}}, http.StatusBadGateway, []string{`"type":"upstream_error"`, "ended without an event"}},
		{"cut after text", []fakeazure.Chunk{{Data: text}, {Raw: ": ping\n\n", Delay: 50 * time.Millisecond}}, http.StatusOK, []string{`"text":"once"`, `"code":"stream_interrupted"`}},
		{"finished without [DONE]", []fakeazure.Chunk{{Data: text}, {Data: finished}}, http.StatusOK, []string{`"finish_reason":"stop"`, "data: [DONE]\n\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake.HandleDeployment("gpt-35-turbo-instruct", fakeazure.Reply{Chunks: tc.chunks})
			resp := post(t, "/v1/completions", `{"model":"instruct","prompt":"Once","stream":true}`)
			body := readAll(t, resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("answer lacks %q:\n%s", w, body)
				}
			}
			if tc.status == http.StatusOK && strings.Contains(tc.name, "cut") && strings.Contains(body, "[DONE]") {
				t.Errorf("a stream cut short ends with [DONE]:\n%s", body)
			}
		})
	}
}
