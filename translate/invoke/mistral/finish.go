package mistral

// finishReason maps a stop_reason (or, in Mistral's own API shape,
// finish_reason) to OpenAI's finish_reason. The AWS documentation names
// stop, length and tool_calls; Mistral's API adds model_length (the
// context window is full) and error. Unknown reasons become "stop":
// clients only branch on the known values.
func finishReason(reason string) string {
	switch reason {
	case "length", "model_length":
		return "length"
	case "tool_calls":
		return "tool_calls"
	case "content_filter":
		return "content_filter"
	}
	return "stop"
}

// guardrailIntervened is the value of amazon-bedrock-guardrailAction when
// a Bedrock guardrail replaced the answer.
const guardrailIntervened = `"INTERVENED"`
