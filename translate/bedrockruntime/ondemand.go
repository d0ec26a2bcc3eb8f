package bedrockruntime

import "strings"

// onDemandHint explains Bedrock's "on-demand throughput isn't supported":
// newer models can only be invoked through an inference profile, whose ID
// is the model ID behind a geography prefix.
func onDemandHint(region, modelID, msg string) string {
	if modelID == "" {
		modelID = modelIDFromMessage(msg)
	}
	if HasCrossRegionPrefix(modelID) || strings.Contains(modelID, ":inference-profile/") ||
		strings.Contains(modelID, ":application-inference-profile/") {
		where := "this region"
		if region != "" {
			where = region
		}
		return "model ID " + RedactAWS(modelID) + " already names an inference profile: check that the profile exists in " +
			where + " (aws bedrock list-inference-profiles) and that the account may use it"
	}
	base := BaseModelID(modelID)
	if base == "" {
		base = "<model>"
	}
	if p := regionProfilePrefix(region); p != "" {
		return "use the cross-region inference profile ID instead: target bedrock/" + p + "." + base
	}
	return "use a cross-region inference profile such as us." + base + " instead (target bedrock/us." + base +
		"), with the prefix of the geography of the account's region"
}

// regionProfilePrefix is the cross-region inference profile prefix for a
// region's geography, or "" when the gateway does not know it.
func regionProfilePrefix(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "us-gov"
	case strings.HasPrefix(region, "us-"):
		return "us"
	case strings.HasPrefix(region, "eu-"):
		return "eu"
	case strings.HasPrefix(region, "ap-"):
		return "apac"
	case strings.HasPrefix(region, "ca-"):
		return "ca"
	}
	return ""
}

// modelIDFromMessage finds the model ID in "Invocation of model ID X with
// on-demand throughput isn't supported...".
func modelIDFromMessage(msg string) string {
	_, rest, ok := strings.Cut(msg, "model ID ")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, " \t\n,;"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimRight(rest, ".")
}
