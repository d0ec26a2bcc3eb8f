package bedrockruntime

// FinishReason maps the stopReason of a Converse answer (and of an Amazon
// Nova InvokeModel answer, which uses the same values) to an OpenAI
// finish_reason. Unknown reasons become "stop": clients only branch on
// the known values.
func FinishReason(stopReason string) string {
	switch stopReason {
	case "end_turn", "stop_sequence":
		return "stop"
	case "max_tokens", "model_context_window_exceeded":
		return "length"
	case "tool_use":
		return "tool_calls"
	case "guardrail_intervened", "content_filtered":
		return "content_filter"
	}
	return "stop"
}
