package amazon

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"

func init() {
	invoke.Register("titan", Titan{}, "amazon.titan-text")
	invoke.Register("nova", Nova{}, "amazon.nova")
}

// Interface guards.
var (
	_ invoke.Family = Titan{}
	_ invoke.Family = Nova{}
)
