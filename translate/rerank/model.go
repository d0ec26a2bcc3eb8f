package rerank

import "strings"

// ModelOf reports whether a Bedrock model ID, or a foundation-model ARN,
// names a rerank model (amazon.rerank-v1:0, cohere.rerank-v3-5:0), and
// whose it is: "amazon" or "cohere".
func ModelOf(id string) (provider string, ok bool) {
	if strings.HasPrefix(id, "arn:") {
		_, after, found := strings.Cut(id, ":foundation-model/")
		if !found {
			return "", false
		}
		id = after
	}
	i := strings.Index(id, ".rerank-")
	if i <= 0 {
		return "", false
	}
	provider = id[:i]
	if dot := strings.LastIndexByte(provider, '.'); dot >= 0 {
		provider = provider[dot+1:] // a cross-region prefix
	}
	return provider, provider != ""
}

// ModelARN is what the Rerank API names a model by: its foundation-model
// ARN in region, or id itself when it is an ARN already (whose region
// may differ from the account's).
func ModelARN(region, id string) string {
	if strings.HasPrefix(id, "arn:") {
		return id
	}
	return "arn:" + partition(region) + ":bedrock:" + region + "::foundation-model/" + id
}

// partition is the AWS partition a region is in.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}
