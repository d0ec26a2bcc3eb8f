package bedrockruntime

import "strings"

// Model is what the gateway knows about the model family behind a
// Bedrock route. It is derived from the model ID in the target once, at
// provision time. A zero Provider means the family is unknown (an ARN of a
// provisioned model or an application inference profile with no model_id):
// then every feature is assumed present and Bedrock has the last word.
type Model struct {
	// ID is the model ID without ARN or cross-region prefix,
	// e.g. "anthropic.claude-3-7-sonnet-20250219-v1:0".
	ID string
	// Provider is the part of ID before the first dot: anthropic, meta,
	// deepseek, amazon, mistral, cohere, ai21, ...
	Provider string

	// Thinking: accepts Anthropic extended thinking ("thinking" in
	// additionalModelRequestFields), so thinking and reasoning_effort apply.
	Thinking bool
	// ToolChoiceAny and ToolChoiceTool: Converse toolChoice "any" and "tool"
	// are honoured (Anthropic Claude 3+, Mistral Large, Amazon Nova); other
	// models take "auto" only.
	ToolChoiceAny  bool
	ToolChoiceTool bool
	// CachePoints: Converse cachePoint blocks are accepted.
	CachePoints bool
	// InvokeOnly: Converse serves the model poorly or not at all, so a
	// plain bedrock/<modelId> route uses InvokeModel: Jurassic-2 and
	// Cohere Command (text) have no chat through Converse, and Titan Text
	// takes no system prompt there, which its InvokeModel prompt carries.
	InvokeOnly bool
}

// crossRegionPrefixes are the inference-profile prefixes Bedrock puts before
// a model ID (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html).
var crossRegionPrefixes = []string{"us.", "eu.", "apac.", "us-gov.", "jp.", "au.", "ca.", "global."}

// BaseModelID strips an ARN (foundation-model/ or inference-profile/) and a
// cross-region prefix from id. It returns "" for ARNs that do not name a
// model (provisioned models, application inference profiles, imported models).
func BaseModelID(id string) string {
	if strings.HasPrefix(id, "arn:") {
		slash := strings.LastIndexByte(id, '/')
		if slash < 0 {
			return ""
		}
		switch {
		case strings.Contains(id, ":foundation-model/"), strings.Contains(id, ":inference-profile/"):
			id = id[slash+1:]
		default:
			return ""
		}
	}
	for _, p := range crossRegionPrefixes {
		if strings.HasPrefix(id, p) {
			return id[len(p):]
		}
	}
	return id
}

// HasCrossRegionPrefix reports whether id starts with a cross-region
// inference-profile prefix.
func HasCrossRegionPrefix(id string) bool {
	for _, p := range crossRegionPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// LookupModel describes the model a target's model ID names.
func LookupModel(modelID string) Model {
	id := BaseModelID(modelID)
	provider, name, ok := strings.Cut(id, ".")
	if id == "" || !ok {
		return Model{ID: id, Thinking: true, ToolChoiceAny: true, ToolChoiceTool: true, CachePoints: true}
	}
	m := Model{ID: id, Provider: provider}
	switch provider {
	case "anthropic":
		claude3 := strings.HasPrefix(name, "claude-3")
		m.Thinking = strings.HasPrefix(name, "claude-3-7") || (strings.HasPrefix(name, "claude-") && !claude3 && !strings.HasPrefix(name, "claude-v") && !strings.HasPrefix(name, "claude-instant"))
		m.ToolChoiceAny = claude3 || m.Thinking
		m.ToolChoiceTool = m.ToolChoiceAny
		m.CachePoints = m.Thinking || strings.HasPrefix(name, "claude-3-5-haiku")
	case "mistral":
		m.ToolChoiceAny = strings.HasPrefix(name, "mistral-large") || strings.HasPrefix(name, "pixtral-large")
		m.ToolChoiceTool = m.ToolChoiceAny
	case "amazon":
		nova := strings.HasPrefix(name, "nova")
		m.ToolChoiceAny, m.ToolChoiceTool, m.CachePoints = nova, nova, nova
		m.InvokeOnly = strings.HasPrefix(name, "titan-text")
	case "ai21":
		m.InvokeOnly = strings.HasPrefix(name, "j2")
	case "cohere":
		m.InvokeOnly = strings.HasPrefix(name, "command-text") || strings.HasPrefix(name, "command-light-text")
	}
	return m
}
