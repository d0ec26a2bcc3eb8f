package rerank

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/prefixreg"
)

// providers are the rerank models by provider, known by model-ID prefix
// the way the other tasks know their families.
var providers = prefixreg.New[string]("rerank")

func init() {
	providers.Register("amazon", "amazon", "amazon.rerank-")
	providers.Register("cohere", "cohere", "cohere.rerank-")
}

// ModelOf reports whether a Bedrock model ID, profile ID or
// foundation-model ARN names a rerank model (amazon.rerank-v1:0,
// cohere.rerank-v3-5:0), and whose it is: "amazon" or "cohere".
func ModelOf(id string) (provider string, ok bool) { return providers.FamilyOf(id) }

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
