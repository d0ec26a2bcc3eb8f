package converse

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate"

// State is what the response translators need to know about the
// request they answer. One per request; not safe for concurrent use.
type State struct {
	// Model is echoed as "model" in responses: the alias the client asked for.
	Model string
	// IncludeUsage is stream_options.include_usage.
	IncludeUsage bool
	// JSONTool, when set, names the tool the gateway forced to implement
	// response_format: its input is returned as the message content.
	JSONTool string
	// Dropped lists parameters removed from the request (drop_params, or
	// features the model lacks), for the debug log.
	Dropped []string

	// toolIDs maps ids the gateway rewrote for Bedrock back to the client's.
	toolIDs translate.ToolIDs
}

// ClientToolID returns the id the client knows for a Bedrock toolUseId.
func (s *State) ClientToolID(id string) string { return s.toolIDs.Client(id) }

// toolID returns the id to send Bedrock for the client's id (see
// translate.UpstreamToolID) and remembers the client's id when it had to
// be mapped.
func (s *State) toolID(id string) string { return s.toolIDs.Upstream(id) }
