package translatetest

import (
	"encoding/json"
	"testing"
)

// Accumulated is what a client that adds up the chunks of a chat
// completion stream holds at its end.
type Accumulated struct {
	Content string
	Finish  string
	// Calls are the tool calls by index: ids and names as their first
	// fragments give them, arguments joined.
	Calls map[int]*Call
	// Usage is the usage chunk's, nil when none came.
	Usage *Usage
}

// Call is one accumulated tool call.
type Call struct{ ID, Name, Arguments string }

// Usage is the token counts of a usage chunk.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Accumulate adds up the chunks of the SSE text sse, as a client does.
func Accumulate(t testing.TB, sse []byte) Accumulated {
	t.Helper()
	a := Accumulated{Calls: map[int]*Call{}}
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
							Name      string `json:"name"`
							Arguments string `json:"arguments"`
						} `json:"function"`
					} `json:"tool_calls"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
			Usage *Usage `json:"usage"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			t.Fatal(err)
		}
		if chunk.Usage != nil {
			a.Usage = chunk.Usage
		}
		for _, ch := range chunk.Choices {
			a.Content += ch.Delta.Content
			for _, tc := range ch.Delta.ToolCalls {
				c := a.Calls[tc.Index]
				if c == nil {
					c = &Call{}
					a.Calls[tc.Index] = c
				}
				c.ID += tc.ID
				c.Name += tc.Function.Name
				c.Arguments += tc.Function.Arguments
			}
			if ch.FinishReason != nil {
				a.Finish = *ch.FinishReason
			}
		}
	}
	return a
}
