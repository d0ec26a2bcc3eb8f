package anthropic

// finishReason maps a Messages API stop_reason to an OpenAI
// finish_reason. Unknown reasons become "stop": clients only branch on
// the known values.
func finishReason(stopReason []byte) string {
	switch string(stopReason) {
	case "end_turn", "stop_sequence", "pause_turn":
		// pause_turn: a long turn paused; what came is a whole answer.
		return "stop"
	case "max_tokens", "model_context_window_exceeded":
		return "length"
	case "tool_use":
		return "tool_calls"
	case "refusal":
		return "content_filter"
	}
	return "stop"
}
