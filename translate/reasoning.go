package translate

// Extended thinking as OpenAI clients ask for it: Anthropic's "thinking"
// parameter (see Thinking) or OpenAI's reasoning_effort, which every route
// that can reason maps to a budget of thinking tokens.

// ReasoningEffortBudget maps OpenAI's reasoning_effort to an extended
// thinking budget, with LiteLLM's figures so budgets carry over. "none" and
// "" mean no thinking; ok is false for values that are not efforts.
func ReasoningEffortBudget(effort string) (budget int, ok bool) {
	switch effort {
	case "", "none":
		return 0, true
	case "minimal", "low":
		return 1024, true
	case "medium":
		return 2048, true
	case "high":
		return 4096, true
	}
	return 0, false
}

// MinThinkingBudget is Anthropic's smallest budget_tokens.
const MinThinkingBudget = 1024
