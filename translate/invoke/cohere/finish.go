package cohere

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// finishReason maps Cohere's finish_reason to OpenAI's. ok is false for
// ERROR: the model failed mid-answer, and what it wrote must not pass
// for a whole answer. Unknown reasons (USER_CANCEL, later additions) are
// "stop": clients only branch on the known values.
func finishReason(reason string) (finish string, ok bool) {
	switch reason {
	case "MAX_TOKENS", "ERROR_LIMIT":
		// ERROR_LIMIT: the context window filled up before the answer
		// was done.
		return "length", true
	case "ERROR_TOXIC":
		return "content_filter", true
	case "TOOL_CALL":
		return "tool_calls", true
	case "ERROR":
		return "", false
	}
	return "stop", true
}

// modelFailed is the error for an answer Cohere ended with ERROR.
func modelFailed() *translate.Error {
	return translate.BadUpstream("the Cohere model stopped with an error before the answer was complete")
}

// unreadable is the error for an answer or a chunk that does not say
// what Cohere's models say.
func unreadable(what string) *translate.Error {
	return translate.BadUpstream("Bedrock returned an unreadable Cohere " + what)
}
