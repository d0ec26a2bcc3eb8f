package translate

import "strings"

// GatewayField reports whether key is one of the members LiteLLM and its
// SDKs use to configure the gateway itself: where to send the request, with
// which credentials, how to retry. A client must never be able to redirect
// or re-credential the gateway, so these are ignored silently and never
// forwarded (not even to the model, which would see the client's keys).
// The comparison ignores case: "API_BASE" must not slip through either.
//
//	api_base base_url api_key api_version region aws_* azure_*
//	extra_headers extra_body headers custom_llm_provider model_id
//	user_continue_message drop_params mock_response timeout num_retries
func GatewayField(key string) bool {
	k := strings.ToLower(key)
	if strings.HasPrefix(k, "aws_") || strings.HasPrefix(k, "azure_") {
		return true
	}
	switch k {
	case "api_base", "base_url", "api_key", "api_version", "region",
		"extra_headers", "extra_body", "headers", "custom_llm_provider", "model_id",
		"user_continue_message", "drop_params", "mock_response", "timeout", "num_retries":
		return true
	}
	return false
}
