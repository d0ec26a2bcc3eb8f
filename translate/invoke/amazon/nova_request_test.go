package amazon

import (
	"errors"
	"slices"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

var (
	novaRequests  = "testdata/nova/request"
	novaResponses = "testdata/nova/response"
	novaStreams   = "testdata/nova/stream"
)

func TestNovaRequestGolden(t *testing.T) {
	pro := invoke.Options{ModelID: "us.amazon.nova-pro-v1:0"}
	runRequestGolden(t, Nova{}, novaRequests, []requestCase{
		{name: "chat_plain", opts: invoke.Options{ModelID: "amazon.nova-lite-v1:0"}},
		{name: "chat_system_params", opts: pro},
		{name: "chat_top_k_only", opts: invoke.Options{ModelID: "amazon.nova-micro-v1:0"}},
		{name: "chat_multi_turn", opts: pro},
		{name: "chat_image", opts: pro},
		{name: "chat_image_file_part", opts: pro},
		{name: "chat_tools", opts: pro},
		{name: "chat_tool_choice_required", opts: pro},
		{name: "chat_tool_choice_named", opts: pro},
		{name: "chat_tool_history", opts: pro},
		{name: "chat_response_format", opts: pro},
		{name: "chat_cache_control", opts: pro, dropped: []string{"cache_control"}},
		{name: "chat_thinking_dropped", opts: invoke.Options{ModelID: "us.amazon.nova-2-lite-v1:0", DefaultThinkingBudget: 2048}, dropped: []string{"reasoning_effort"}},
		{name: "chat_continue_message", opts: invoke.Options{ModelID: "amazon.nova-lite-v1:0", UserContinueMessage: "Please continue."}},
		{name: "chat_drop_params", opts: invoke.Options{ModelID: "amazon.nova-pro-v1:0", DropParams: true},
			dropped: []string{"seed", "logit_bias", "n", "guardrailConfig", "messages[0].content[1]"}},
		{name: "text_plain", opts: invoke.Options{ModelID: "amazon.nova-micro-v1:0"}},
		{name: "error_document", opts: pro},
		{name: "error_pdf_image_url", opts: pro},
		{name: "error_tool_result_document", opts: pro},
		{name: "error_seed", opts: pro},
		{name: "error_guardrail_config", opts: pro},
		{name: "error_top_k", opts: pro},
		{name: "error_remote_image", opts: pro},
		{name: "error_tool_name", opts: pro},
		{name: "error_max_tokens", opts: pro},
		{name: "error_text_suffix", opts: pro},
	})
}

// novaState is the state Chat leaves for the request file name: the
// tool ids it mapped, the response_format tool it forced.
func novaState(t testing.TB, name string, answering translate.Answering) invoke.State {
	t.Helper()
	_, st, err := requestCase{name: name, opts: invoke.Options{ModelID: "amazon.nova-pro-v1:0"}}.build(t, Nova{}, novaRequests)
	if err != nil {
		t.Fatal(err)
	}
	st.Answering = answering
	return *st
}

// fetchImage serves one PNG, standing in for the handler's fetcher.
func fetchImage(url string) (string, []byte, error) {
	if url == "https://images.example/cat.png" {
		return "image/png", []byte("\x89PNG\r\n\x1a\n"), nil
	}
	return "", nil, errors.New("GET " + url + ": 404 Not Found")
}

// The remote image case needs a fetcher: without one the URL is refused
// (error_remote_image); with one the image is sent inline.
func TestNovaRemoteImage(t *testing.T) {
	body, _, err := requestCase{name: "error_remote_image", opts: invoke.Options{ModelID: "amazon.nova-pro-v1:0", FetchImage: fetchImage}}.build(t, Nova{}, novaRequests)
	if err != nil {
		t.Fatal(err.Message)
	}
	const want = `{"schemaVersion":"messages-v1","messages":[{"role":"user","content":[{"image":{"format":"png","source":{"bytes":"iVBORw0KGgo="}}}]}]}`
	if string(body) != want {
		t.Errorf("got  %s\nwant %s", body, want)
	}
}

func TestNovaBody(t *testing.T) {
	for _, tc := range []struct{ conv, topK, want string }{
		{`{"messages":[]}`, ``, `{"schemaVersion":"messages-v1","messages":[]}`},
		{`{"messages":[]}`, `7`, `{"schemaVersion":"messages-v1","messages":[],"inferenceConfig":{"topK":7}}`},
		{`{"messages":[],"inferenceConfig":{"maxTokens":5},"toolConfig":{"tools":[]}}`, `7`,
			`{"schemaVersion":"messages-v1","messages":[],"inferenceConfig":{"maxTokens":5,"topK":7},"toolConfig":{"tools":[]}}`},
		// A member named inferenceConfig inside a message is not the one.
		{`{"messages":[{"inferenceConfig":{"x":1}}]}`, `7`, `{"schemaVersion":"messages-v1","messages":[{"inferenceConfig":{"x":1}}],"inferenceConfig":{"topK":7}}`},
	} {
		var topK []byte
		if tc.topK != "" {
			topK = []byte(tc.topK)
		}
		if got := string(novaBody([]byte(tc.conv), topK)); got != tc.want {
			t.Errorf("novaBody(%s, %s)\n got %s\nwant %s", tc.conv, tc.topK, got, tc.want)
		}
	}
}

// Chat leaves the request as the client sent it, so that a fallback to
// another model gets all of it: dropped documents and tool cache
// points are left out of copies.
func TestNovaKeepsRequest(t *testing.T) {
	in := []byte(`{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Read this."},
		{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0xLjQK","filename":"a.pdf"}}]}],
		"tools":[{"type":"function","function":{"name":"f"},"cache_control":{"type":"ephemeral"}}],"top_k":3,"seed":1}`)
	req, err := translate.DecodeChatRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	members := slices.Clone(req.Members)
	if _, _, err := (Nova{}).Chat(req, &invoke.Options{DropParams: true}); err != nil {
		t.Fatal(err)
	}
	if len(req.Messages[0].Content.Parts) != 2 || req.Tools[0].CacheControl == nil || len(req.Members) != len(members) {
		t.Errorf("the request changed: %+v", req)
	}
}
