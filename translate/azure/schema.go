package azure

// The request schemas of Azure AI model inference, api-version
// 2024-05-01-preview (the REST reference's ChatCompletionsOptions and
// EmbeddingsOptions, as in Azure's azure-ai-inference clients). Members
// outside them are "extra parameters": Azure refuses them unless the
// extra-parameters header says drop or pass-through. modalities (audio
// output) is left out on purpose: that version does not declare it, so a
// serverless endpoint would refuse it.

// aiChatSchema reports whether key is a chat-completions member
// Azure AI model inference declares.
func aiChatSchema(key string) bool {
	switch key {
	case "messages", "model", "frequency_penalty", "presence_penalty", "temperature", "top_p",
		"max_tokens", "stop", "stream", "seed", "tools", "tool_choice", "response_format":
		return true
	}
	return false
}

// aiEmbeddingsSchema reports whether key is an embeddings member
// Azure AI model inference declares.
func aiEmbeddingsSchema(key string) bool {
	switch key {
	case "input", "model", "dimensions", "encoding_format", "input_type":
		return true
	}
	return false
}
