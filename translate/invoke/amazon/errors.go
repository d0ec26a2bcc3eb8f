package amazon

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// unreadable is the 502 for an answer or a stream chunk that does not
// say what the family's schema says it must. Another deployment may do
// better, so it is not final.
func unreadable(what string) *translate.Error {
	return translate.BadUpstream("Bedrock sent an unreadable " + what)
}
