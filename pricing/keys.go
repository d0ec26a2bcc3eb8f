package pricing

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
)

// lookupKeys lists LiteLLM's keys for a model, most specific first. ok is
// false for a provider the table does not know or a model ID that names no
// priced model.
func lookupKeys(provider, modelID, region string) (keys []string, ok bool) {
	if modelID == "" {
		return nil, false
	}
	switch provider {
	case "bedrock":
		return bedrockKeys(modelID, region)
	case "azure":
		if region != "" {
			keys = append(keys, "azure/"+region+"/"+modelID)
		}
		return append(keys, "azure/"+modelID), true
	case "azure_ai":
		return []string{"azure_ai/" + modelID}, true
	}
	return nil, false
}

// bedrockKeys lists, for a model ID or profile ID in a region: the region's
// key for the ID as given, the region's key for the underlying model (a
// cross-region call is billed at the source region's price), the profile's
// own key, and the plain model's. LiteLLM also files a few IDs under
// "bedrock/<ID>"; those come after each.
func bedrockKeys(modelID, region string) ([]string, bool) {
	id, arnRegion, ok := bedrockID(modelID)
	if !ok {
		return nil, false
	}
	if region == "" {
		region = arnRegion
	}
	base := stripCrossRegion(id)
	var keys []string
	if region != "" {
		keys = append(keys, "bedrock/"+region+"/"+id)
		if base != id {
			keys = append(keys, "bedrock/"+region+"/"+base)
		}
	}
	keys = append(keys, id, "bedrock/"+id)
	if base != id {
		keys = append(keys, base, "bedrock/"+base)
	}
	return keys, true
}

// bedrockID takes the model or profile ID out of a foundation-model or
// inference-profile ARN, with the ARN's region. An ID that is not an ARN
// comes back as it is. The ARNs of application inference profiles,
// provisioned throughput and imported models name the operator's own
// resources, whose model and price a table cannot know: ok is false.
func bedrockID(modelID string) (id, region string, ok bool) {
	if !strings.HasPrefix(modelID, "arn:") {
		return modelID, "", true
	}
	// arn:partition:bedrock:region:account:resource-type/resource-id
	parts := strings.SplitN(modelID, ":", 6)
	if len(parts) != 6 {
		return "", "", false
	}
	kind, resource, found := strings.Cut(parts[5], "/")
	if !found || resource == "" {
		return "", "", false
	}
	switch kind {
	case "foundation-model", "inference-profile":
		return resource, parts[3], true
	}
	return "", "", false
}

// stripCrossRegion returns the model ID under a cross-region profile ID, or
// the ID itself when it has no geography in front. The geographies are the
// runtime's, so that prices and routing agree on them.
func stripCrossRegion(id string) string { return bedrockruntime.BaseModelID(id) }
