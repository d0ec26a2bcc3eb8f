package translate

import "testing"

func TestTextFromChat(t *testing.T) {
	chat := `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Once upon","reasoning_content":"r"},"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":1}}`
	got, err := TextFromChat(nil, []byte(chat))
	want := `{"id":"x","object":"text_completion","created":1,"model":"m","choices":[{"text":"Once upon","index":0,"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":1}}`
	if err != nil || string(got) != want {
		t.Errorf("got %s, %v\nwant %s", got, err, want)
	}
	if _, err := TextFromChat(nil, []byte(`{"choices":`)); err == nil {
		t.Error("accepted a broken answer")
	}

	events := `data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"reasoning_content":"hm"},"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Once"},"finish_reason":null}]}

data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

data: {"id":"x","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":1}}

data: {"error":{"message":"boom"}}

data: [DONE]

`
	wantChunks := `data: {"id":"x","object":"text_completion","choices":[{"text":"Once","index":0,"finish_reason":null}]}

data: {"id":"x","object":"text_completion","choices":[{"text":"","index":0,"finish_reason":"stop"}]}

data: {"id":"x","object":"text_completion","choices":[],"usage":{"prompt_tokens":1}}

data: {"error":{"message":"boom"}}

data: [DONE]

`
	if got := string(TextChunks(nil, []byte(events))); got != wantChunks {
		t.Errorf("got\n%s\nwant\n%s", got, wantChunks)
	}
}
