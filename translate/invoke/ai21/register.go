package ai21

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"

func init() {
	invoke.Register("jamba", Jamba{}, "ai21.jamba")
	invoke.Register("j2", J2{}, "ai21.j2")
}

// Interface guards.
var (
	_ invoke.Family      = Jamba{}
	_ invoke.Family      = J2{}
	_ invoke.ChunkReader = (*jambaChunks)(nil)
	_ invoke.ChunkReader = (*j2Chunks)(nil)
)
