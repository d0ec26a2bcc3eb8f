package cohere

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"

func init() {
	// The longest prefix wins, so Command R and R+ never fall to the
	// Command family whatever names Cohere adds later.
	invoke.Register("cohere", command{}, "cohere.command-text", "cohere.command-light-text")
	invoke.Register("cohere_chat", commandR{}, "cohere.command-r")
}

// command is the "cohere" family: Command and Command Light, text models
// that complete a prompt.
type command struct{}

// commandR is the "cohere_chat" family: Command R and R+, chat models
// with tools.
type commandR struct{}

// Interface guards.
var (
	_ invoke.Family = command{}
	_ invoke.Family = commandR{}
)
