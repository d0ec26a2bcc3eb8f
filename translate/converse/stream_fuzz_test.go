package converse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// streamFuzzSeeds are the recorded sequences, wire-encoded.
func streamFuzzSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	for _, name := range []string{"text", "tools", "reasoning", "json_mode", "throttling", "model_stream_error"} {
		seeds[name] = encodeStream(t, loadStreamEvents(t, name))
	}
	return seeds
}

func FuzzStream(f *testing.F) {
	for _, wire := range streamFuzzSeeds(f) {
		f.Add(wire)
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		for _, st := range []State{{Model: "m"}, {Model: "m", IncludeUsage: true, JSONTool: "search"}} {
			s := NewStream(&st, "id", 1)
			out, _ := translatetest.Transcode(s, bytes.NewReader(wire))
			translatetest.CheckSSE(t, out)
		}
	})
}

// TestFuzzCorpus keeps testdata/fuzz/FuzzStream in step with the
// recorded sequences; -update rewrites it.
func TestFuzzCorpus(t *testing.T) {
	for name, wire := range streamFuzzSeeds(t) {
		path := filepath.Join("testdata", "fuzz", "FuzzStream", name)
		translatetest.Compare(t, path, fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", wire))
	}
}

// FuzzStreamEvent skips the frame checksums, which random mutation
// rarely gets past, to fuzz the payload reader itself; encoding/json is
// the oracle for what a text delta says.
func FuzzStreamEvent(f *testing.F) {
	for _, name := range []string{"text", "tools", "reasoning", "json_mode", "unknown_event"} {
		for _, ev := range loadStreamEvents(f, name) {
			f.Add(ev.Type, []byte(ev.Payload))
		}
	}
	f.Fuzz(func(t *testing.T, typ string, payload []byte) {
		st := State{Model: "m", IncludeUsage: true}
		s := NewStream(&st, "id", 1)
		start := recordedFrame(recordedEvent{Type: "contentBlockStart",
			Payload: json.RawMessage(`{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t","name":"n"}}}`)})
		s.Message(nil, &start)
		msg := recordedFrame(recordedEvent{Type: typ, Payload: json.RawMessage(`{}`)})
		msg.Payload = payload
		out, terminal := s.Message(nil, &msg)
		if !terminal {
			out = s.End(out)
		}
		translatetest.CheckSSE(t, out)

		if typ != "contentBlockDelta" || terminal {
			return
		}
		// Maps, not structs: encoding/json matches struct fields without
		// regard to case, Bedrock's reader does not.
		var top, delta map[string]json.RawMessage
		if json.Unmarshal(payload, &top) != nil {
			t.Fatalf("accepted a payload encoding/json refuses: %q", payload)
		}
		if json.Unmarshal(top["delta"], &delta) != nil {
			t.Fatalf("accepted a delta encoding/json refuses: %q", payload)
		}
		text, ok := delta["text"]
		if !ok {
			return
		}
		var wantText string
		if json.Unmarshal(text, &wantText) != nil {
			t.Fatalf("accepted a text encoding/json refuses: %q", payload)
		}
		var got string
		for _, d := range translatetest.SSEData(t, out) {
			var chunk struct {
				Choices []struct {
					Delta struct {
						Content string `json:"content"`
					} `json:"delta"`
				} `json:"choices"`
			}
			if json.Unmarshal([]byte(d), &chunk) == nil && len(chunk.Choices) > 0 {
				got += chunk.Choices[0].Delta.Content
			}
		}
		if got != wantText {
			t.Fatalf("text %q, encoding/json reads %q from %q", got, wantText, payload)
		}
	})
}

func BenchmarkStreamEvent(b *testing.B) {
	for _, bc := range []struct{ name, typ, payload string }{
		{"text", "contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":" the quick brown fox jumps over the lazy dog"},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}`},
		{"text_escaped", "contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":"line one\nline \"two\" é"},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}`},
		{"tool_input", "contentBlockDelta", `{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"location\": \"Par"}},"p":"abcdefghijklmnopq"}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := State{Model: "claude-sonnet"}
			s := NewStream(&st, respTestID, respTestCreated)
			start := recordedFrame(recordedEvent{Type: "contentBlockStart",
				Payload: json.RawMessage(`{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_x","name":"get_weather"}}}`)})
			dst, _ := s.Message(nil, &start)
			msg := recordedFrame(recordedEvent{Type: bc.typ, Payload: json.RawMessage(bc.payload)})
			b.ReportAllocs()
			b.SetBytes(int64(len(msg.Payload)))
			for b.Loop() {
				var terminal bool
				if dst, terminal = s.Message(dst[:0], &msg); terminal {
					b.Fatalf("%s", dst)
				}
			}
		})
	}
}
