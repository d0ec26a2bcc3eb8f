package converse

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
	toolIDs map[string]string
}

// ClientToolID returns the id the client knows for a Bedrock toolUseId.
func (s *State) ClientToolID(id string) string {
	if orig, ok := s.toolIDs[id]; ok {
		return orig
	}
	return id
}
