package llmgateway

import "testing"

func TestOnlyRole(t *testing.T) {
	for _, tc := range []struct {
		chunk string
		want  bool
	}{
		{`{"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}`, true},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`, true},
		{`{"choices":[{"index":0,"delta":{"content":"","refusal":null,"role":"assistant"},"content_filter_results":{},"finish_reason":null,"logprobs":null}],"usage":null}`, true},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","content":null}}]}`, true},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":null,"reasoning_content":null}}]}`, true},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[]}}]}`, true},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","function_call":{"name":"f"}}}]}`, false},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","reasoning":"Hmm"}}]}`, false},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}`, false},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"index":0,"id":"call_1"}]}}]}`, false},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Let me"}}]}`, false},
		{`{"choices":[{"index":0,"delta":{"role":"assistant","refusal":"I can't"}}]}`, false},
		{`{"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":"stop"}]}`, false},
		{`{"choices":[],"usage":{"prompt_tokens":1}}`, false},
		{`{"error":{"message":"throttled","type":"rate_limit_error"}}`, false},
	} {
		if got := onlyRole([]byte("data: " + tc.chunk + "\n\n")); got != tc.want {
			t.Errorf("onlyRole(%s) = %v", tc.chunk, got)
		}
	}
	two := "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
	if onlyRole([]byte(two)) {
		t.Error("a role chunk with content after it is taken for the role alone")
	}
}
