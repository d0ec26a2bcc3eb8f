package translatetest

import (
	"encoding/json"
	"strings"
	"testing"
)

// SSEData splits SSE text into the data of its events, failing on
// anything that is not a "data: ...\n\n" event.
func SSEData(t testing.TB, sse []byte) []string {
	t.Helper()
	s := string(sse)
	if s == "" {
		return nil
	}
	if !strings.HasSuffix(s, "\n\n") {
		t.Fatalf("SSE does not end with a blank line: %q", s)
	}
	var out []string
	for _, ev := range strings.Split(strings.TrimSuffix(s, "\n\n"), "\n\n") {
		data, ok := strings.CutPrefix(ev, "data: ")
		if !ok || strings.Contains(data, "\n") {
			t.Fatalf("not a single data line: %q", ev)
		}
		out = append(out, data)
	}
	return out
}

// CheckSSE checks that every event is [DONE] or a JSON object, and that
// nothing follows [DONE] or an error.
func CheckSSE(t testing.TB, sse []byte) {
	t.Helper()
	data := SSEData(t, sse)
	for i, d := range data {
		last := i == len(data)-1
		if d == "[DONE]" {
			if !last {
				t.Fatalf("events after [DONE]: %q", sse)
			}
			continue
		}
		if !json.Valid([]byte(d)) || d[0] != '{' {
			t.Fatalf("event %d is not a JSON object: %q", i, d)
		}
		if strings.HasPrefix(d, `{"error":`) && !last {
			t.Fatalf("events after an error: %q", sse)
		}
	}
}

// Accumulated is what a client adding up a chat stream's chunks has at
// the end.
type Accumulated struct {
	Content string
	Finish  string
	// ToolArgs and ToolIDs are by tool-call index.
	ToolArgs map[int]string
	ToolIDs  map[int]string
	// PromptTokens is the usage chunk's, -1 without one.
	PromptTokens int
}

// Accumulate adds up the chunks of a chat stream as OpenAI's clients do.
func Accumulate(t testing.TB, sse []byte) Accumulated {
	t.Helper()
	acc := Accumulated{ToolArgs: map[int]string{}, ToolIDs: map[int]string{}, PromptTokens: -1}
	for _, data := range SSEData(t, sse) {
		if data == "[DONE]" {
			continue
		}
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content   string `json:"content"`
					ToolCalls []struct {
						Index    int    `json:"index"`
						ID       string `json:"id"`
						Function struct {
							Arguments string `json:"arguments"`
						} `json:"function"`
					} `json:"tool_calls"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
			Usage *struct {
				PromptTokens int `json:"prompt_tokens"`
			} `json:"usage"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			t.Fatal(err)
		}
		if chunk.Usage != nil {
			acc.PromptTokens = chunk.Usage.PromptTokens
		}
		for _, ch := range chunk.Choices {
			acc.Content += ch.Delta.Content
			for _, tc := range ch.Delta.ToolCalls {
				acc.ToolArgs[tc.Index] += tc.Function.Arguments
				if tc.ID != "" {
					acc.ToolIDs[tc.Index] = tc.ID
				}
			}
			if ch.FinishReason != nil {
				acc.Finish = *ch.FinishReason
			}
		}
	}
	return acc
}
