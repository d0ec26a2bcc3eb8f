package turns

import (
	"reflect"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// TestBuilder: content of one role merges into one turn, reasoning leads
// its turn also across merged messages, tool calls and results are noted,
// and Done opens with a user turn only when asked to.
func TestBuilder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		build   func(b *Builder[string])
		opening bool
		want    []Turn[string]
		tools   []string
	}{
		{"merge", func(b *Builder[string]) {
			b.Add("user", "a")
			b.Add("user", "b")
			b.Add("assistant", "c")
		}, false, []Turn[string]{{"user", []string{"a", "b"}}, {"assistant", []string{"c"}}}, nil},
		{"reasoning leads", func(b *Builder[string]) {
			b.Add("user", "q")
			b.AddReasoning("r1")
			b.Add("assistant", "text")
			b.AddReasoning("r2") // a second assistant message, merged
			b.AddToolCall("f", "call")
			b.AddToolCall("f", "call again")
			b.AddToolResult("result")
		}, false, []Turn[string]{{"user", []string{"q"}}, {"assistant", []string{"r1", "r2", "text", "call", "call again"}},
			{"user", []string{"result"}}}, []string{"f"}},
		{"opening", func(b *Builder[string]) { b.Add("assistant", "prefill") }, true,
			[]Turn[string]{{"user", []string{"hi"}}, {"assistant", []string{"prefill"}}}, nil},
		{"no opening wanted", func(b *Builder[string]) { b.Add("assistant", "prefill") }, false,
			[]Turn[string]{{"assistant", []string{"prefill"}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b Builder[string]
			tc.build(&b)
			last, err := b.Done(tc.opening, "hi")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(b.Turns, tc.want) || !reflect.DeepEqual(b.HistoryTools, tc.tools) {
				t.Errorf("turns %v tools %v, want %v %v", b.Turns, b.HistoryTools, tc.want, tc.tools)
			}
			if last != &b.Turns[len(b.Turns)-1] {
				t.Error("Done did not return the last turn")
			}
			if n := len(tc.want[len(tc.want)-1].Content); *b.LastBlock() != tc.want[len(tc.want)-1].Content[n-1] {
				t.Errorf("LastBlock %q", *b.LastBlock())
			}
		})
	}
	var b Builder[string]
	if _, err := b.Done(true, "hi"); err == nil || err.Param != "messages" {
		t.Errorf("no turns: %v", err)
	}
	if b.LastBlock() != nil {
		t.Error("LastBlock of nothing")
	}
}

// TestRead: messages go to the reader by role; tool calls and thinking
// blocks are checked as they are added.
func TestRead(t *testing.T) {
	var r recorder
	msgs := []translate.Message{{Role: "developer"}, {Role: "user"}, {Role: "assistant"}, {Role: "tool"}, {Role: "system"}}
	if err := Read(msgs, &r); err != nil || !reflect.DeepEqual(r.got, []string{"system", "user", "assistant", "tool", "system"}) {
		t.Errorf("got %v, %v", r.got, err)
	}
	if err := Read([]translate.Message{{Role: "critic"}}, &r); err == nil || err.Param != "messages[0].role" {
		t.Errorf("unknown role: %v", err)
	}

	var b Builder[string]
	m := &translate.Message{Role: "assistant", ToolCalls: []translate.ToolCall{{ID: "1", Function: translate.FunctionCall{Name: "f", Arguments: "[1]"}}}}
	if err := b.ToolCalls(3, m, func(*translate.ToolCall, []byte) string { return "x" }); err == nil || err.Param != "messages[3].tool_calls[0].function.arguments" {
		t.Errorf("arguments not an object: %v", err)
	}
	m = &translate.Message{Role: "assistant", ThinkingBlocks: []translate.ThinkingBlock{{Type: "thinking"}, {Type: "musing"}}}
	if err := b.Reasoning(2, m, func(tb *translate.ThinkingBlock) string { return tb.Type }); err == nil {
		t.Error("unknown thinking block type accepted")
	}
}

type recorder struct{ got []string }

func (r *recorder) System(int, *translate.Message) *translate.Error {
	r.got = append(r.got, "system")
	return nil
}

func (r *recorder) Content(_ int, _ *translate.Message, role string) *translate.Error {
	r.got = append(r.got, role)
	return nil
}

func (r *recorder) Assistant(int, *translate.Message) *translate.Error {
	r.got = append(r.got, "assistant")
	return nil
}

func (r *recorder) ToolResult(int, *translate.Message) *translate.Error {
	r.got = append(r.got, "tool")
	return nil
}
