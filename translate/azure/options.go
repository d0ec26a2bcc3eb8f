package azure

import (
	"slices"
	"strings"
)

// Azure provider kinds, as in targets (azure/<deployment>, azure_ai/<model>).
const (
	OpenAI = "azure"    // Azure OpenAI deployments
	AI     = "azure_ai" // Azure AI model inference (serverless and Foundry)
)

// Modes of Azure AI model inference's extra-parameters header: what Azure
// does with body members its schema does not declare.
const (
	ExtraParametersDrop        = "drop"         // the gateway and Azure remove them (default)
	ExtraParametersPassThrough = "pass-through" // they go to the model
	ExtraParametersError       = "error"        // Azure refuses the request
)

// Options configure one Azure route's translation. They are built
// once per model at provision time and only read afterwards.
type Options struct {
	// Kind is OpenAI or AI.
	Kind string
	// Deployment is the Azure OpenAI deployment (in the URL, not the body).
	Deployment string
	// Model is the model name put in the body's "model" for Azure AI:
	// Foundry routes on it, serverless endpoints ignore it. Empty leaves
	// "model" out.
	Model string
	// Reasoning marks an Azure OpenAI deployment of a reasoning model
	// (o-series, gpt-5): max_tokens is sent as max_completion_tokens, and
	// thinking can become reasoning_effort. See ReasoningDeployment.
	Reasoning bool
	// NonReasoning marks an Azure OpenAI deployment whose name says its
	// model refuses reasoning_effort, which is then dropped. See
	// NonReasoningDeployment.
	NonReasoning bool
	// ExtraParameters is Azure AI's extra-parameters mode; "" is
	// ExtraParametersDrop.
	ExtraParameters string
	// DropParams drops, on reasoning deployments, the sampling parameters
	// reasoning models refuse (temperature, top_p, penalties, logprobs,
	// logit_bias) instead of letting Azure answer 400.
	DropParams bool
}

// State is what the response translators need to know about the
// request they answer. One per request; not safe for concurrent use.
type State struct {
	// Model is echoed as "model" in responses: the alias the client asked for.
	Model string
	// IncludeUsage is stream_options.include_usage.
	IncludeUsage bool
	// StreamOptionsDropped is set when the gateway removed stream_options
	// (Azure AI's schema lacks it) although the client asked for usage:
	// the usage chunk then depends on the model sending usage unasked.
	StreamOptionsDropped bool
	// Dropped lists parameters removed from the request, for the debug log.
	Dropped []string
}

func (s *State) drop(param string) {
	if !slices.Contains(s.Dropped, param) {
		s.Dropped = append(s.Dropped, param)
	}
}

// ReasoningDeployment guesses from a deployment's name whether it
// serves a reasoning model: o1, o3, o4 and their variants, codex-mini, and
// the gpt-5 family except gpt-5-chat. Azure deployments have names of
// their own choosing, so this works only when deployments are named after
// their model, as the Azure portal suggests.
func ReasoningDeployment(name string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "gpt-5-chat") {
		return false
	}
	for _, p := range [...]string{"o1", "o3", "o4", "gpt-5", "codex-mini"} {
		if rest, ok := strings.CutPrefix(n, p); ok && (rest == "" || strings.IndexByte("-_.", rest[0]) >= 0) {
			return true
		}
	}
	return false
}

// NonReasoningDeployment reports whether a deployment's name says it
// serves a model that refuses reasoning_effort: the gpt-4 and gpt-3.5
// families and gpt-5-chat. Names that say nothing either way get
// reasoning_effort passed through: only Azure knows.
func NonReasoningDeployment(name string) bool {
	n := strings.ToLower(name)
	for _, p := range [...]string{"gpt-4", "gpt-35", "gpt-3.5", "gpt-5-chat"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}
