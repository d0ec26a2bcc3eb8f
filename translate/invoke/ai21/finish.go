package ai21

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// jambaFinish maps a Jamba finish_reason, which AI21 names as OpenAI
// does. A "stop" that comes with tool calls is "tool_calls": OpenAI
// clients run the calls only when finish_reason says so. Unknown reasons
// are "stop": clients only branch on the known values.
func jambaFinish(reason string, toolCalls bool) string {
	switch reason {
	case "length", "tool_calls", "content_filter":
		return reason
	}
	if toolCalls {
		return "tool_calls"
	}
	return "stop"
}

// j2Finish maps a Jurassic-2 finishReason.reason: "endoftext" (the model
// ended) and "stop" (a stop sequence) are OpenAI's "stop", "length" is
// the maxTokens limit.
func j2Finish(reason string) string {
	if reason == "length" {
		return "length"
	}
	return "stop"
}

// unreadable is the 502 for an answer or chunk the gateway cannot read:
// Bedrock or the model failed, and another deployment may do better.
func unreadable(what string) *translate.Error {
	return translate.BadUpstream("Bedrock returned " + what + " the gateway cannot read")
}
