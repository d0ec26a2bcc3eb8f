package ai21

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// textChat reads a text completion as the chat request the families
// build their bodies from, after refusing (or dropping) what no AI21
// model can do with a prompt: text after the completion (suffix), and
// log probabilities, which the answer translations do not carry.
func textChat(req *translate.TextRequest, p *params) (*translate.ChatRequest, *translate.Error) {
	if req.Suffix != "" {
		if err := p.unsupported("suffix"); err != nil {
			return nil, err
		}
	}
	for _, m := range req.Members {
		if m.Key != "logprobs" {
			continue
		}
		switch string(m.Value) {
		case "null", "0", "false":
		default:
			if err := p.unsupported("logprobs"); err != nil {
				return nil, err
			}
		}
	}
	chat, err := req.Chat()
	if err != nil {
		return nil, err
	}
	return chat, chat.DecodeContent()
}
