package cohere

import (
	"encoding/json"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// commandAnswer is Command's answer:
// {"id", "prompt", "generations": [{"id", "text", "finish_reason", ...}]}.
// It counts no tokens: the usage is Bedrock's, from the response headers.
type commandAnswer struct {
	Generations []struct {
		Text         string `json:"text"`
		FinishReason string `json:"finish_reason"`
	} `json:"generations"`
}

// Answer reads the first generation: the request asks for one.
func (command) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	var ans commandAnswer
	if json.Unmarshal(body, &ans) != nil || len(ans.Generations) == 0 {
		return unreadable("answer")
	}
	g := ans.Generations[0]
	finish, ok := finishReason(g.FinishReason)
	if !ok {
		return modelFailed()
	}
	cs := commandStateOf(st)
	text := g.Text
	if cs.trimStart {
		text = strings.TrimLeft(text, " \t\r\n")
	}
	if finish == "stop" {
		text = trimStop(text, cs.stops)
	}
	a.Text, a.Finish = text, finish
	return nil
}
