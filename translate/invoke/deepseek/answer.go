package deepseek

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama"
)

// read reads an answer or a chunk into g, in either shape: Bedrock R1's
// {"choices":[{"text","stop_reason"}]} or an imported model's
// {"generation","stop_reason",...}. Only the first choice counts: the
// gateway never asks for more. False when a member makes no sense.
func read(g *llama.Generation, body []byte) bool {
	m, ok := jsonw.ObjectMembers(body)
	if !ok {
		return false
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		if jsonw.KeyIs(k, "choices") {
			if !readChoice(g, v) {
				return false
			}
			continue
		}
		if _, ok := g.Member(k, v); !ok {
			return false
		}
	}
	return true
}

func readChoice(g *llama.Generation, choices []byte) bool {
	items, ok := jsonw.ArrayItems(choices)
	if !ok {
		return false
	}
	first, ok := items.Next()
	if !ok {
		return true // no choice: nothing said
	}
	m, ok := jsonw.ObjectMembers(first)
	if !ok {
		return false
	}
	var buf [16]byte
	for k, v, more := m.Next(); more; k, v, more = m.Next() {
		good := true
		switch string(llama.Key(buf[:0], k)) {
		case "text":
			good = g.ReadText(v)
		case "stop_reason", "finish_reason":
			good = g.ReadStop(v)
		}
		if !good {
			return false
		}
	}
	return true
}
