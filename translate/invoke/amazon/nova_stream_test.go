package amazon

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func TestNovaStreamGolden(t *testing.T) {
	usage := translate.Answering{IncludeUsage: true}
	runStreamGolden(t, Nova{}, novaStreams, []streamCase{
		{name: "text", st: novaState(t, "chat_plain", usage)},
		{name: "text_completion", st: novaState(t, "text_plain", translate.Answering{Text: true, IncludeUsage: true})},
		{name: "tools", st: novaState(t, "chat_tool_history", usage)},
		{name: "json_format", st: novaState(t, "chat_response_format", translate.Answering{})},
		{name: "reasoning", st: novaState(t, "chat_plain", translate.Answering{})},
		{name: "metrics_fallback", st: novaState(t, "chat_plain", usage)},
		{name: "cut_off", st: novaState(t, "chat_plain", translate.Answering{})},
		{name: "exception", st: novaState(t, "chat_plain", translate.Answering{})},
		{name: "unreadable", st: novaState(t, "chat_plain", translate.Answering{})},
	})
}
