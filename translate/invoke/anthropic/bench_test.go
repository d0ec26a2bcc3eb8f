package anthropic

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func BenchmarkChat(b *testing.B) {
	body := translatetest.ChatBody(b)
	req, err := translate.DecodeChatRequest(body)
	if err != nil {
		b.Fatal(err)
	}
	opts := &invoke.Options{ModelID: claude37Sonnet}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := (Family{}).Chat(req, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStreamChunk is one chunk frame through invoke.Stream and the
// reader: base64 decoding, validation, reading, the SSE chunk.
func BenchmarkStreamChunk(b *testing.B) {
	for _, bc := range []struct{ name, chunk string }{
		{"text", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" the quick brown fox jumps over the lazy dog"}}`},
		{"text_escaped", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"line one\nline \"two\" é"}}`},
		{"tool_input", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"Par"}}`},
		{"thinking", `{"type":"content_block_delta","index":2,"delta":{"type":"thinking_delta","thinking":"Let me work this out"}}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := invoke.NewStream(Family{}, testState("claude-sonnet", false, false, nil), testID, testCreated)
			start := recordedFrame{Chunk: []byte(`{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_x","name":"get_weather","input":{}}}`)}.message(b)
			dst, _ := s.Message(nil, &start)
			msg := recordedFrame{Chunk: []byte(bc.chunk)}.message(b)
			b.SetBytes(int64(len(msg.Payload)))
			b.ReportAllocs()
			for b.Loop() {
				var terminal bool
				if dst, terminal = s.Message(dst[:0], &msg); terminal {
					b.Fatalf("%s", dst)
				}
			}
		})
	}
}

func BenchmarkAnswer(b *testing.B) {
	body := []byte(`{"id":"msg_bdrk_01","type":"message","role":"assistant","model":"claude-3-5-sonnet-20240620","content":[{"type":"text","text":"eu-west-1 had two deployments in the last hour; the second one raised the error rate."},{"type":"tool_use","id":"toolu_01","name":"deploy_log","input":{"region":"eu-west-1","since":"2025-01-01T10:00:00Z"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":1200,"output_tokens":80}}`)
	st := testState("claude-sonnet", false, false, nil)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var dst []byte
	for b.Loop() {
		var a translate.Answer
		if err := (Family{}).Answer(body, st, &a); err != nil {
			b.Fatal(err)
		}
		dst = translate.AppendAnswer(dst[:0], &a, &st.Answering, testID, testCreated)
	}
}
