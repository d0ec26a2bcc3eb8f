// Package azure calls Azure's two OpenAI-style APIs for one account each:
// Azure OpenAI deployments (OpenAIAccount: {endpoint}/openai/deployments/
// {deployment}/..., with an API key or a Microsoft Entra ID token) and
// Azure AI model inference (AIAccount: serverless endpoints and Foundry
// models, {endpoint}/chat/completions with an API key and the
// extra-parameters header). It resolves configuration, builds requests from
// scratch, obtains and caches Entra tokens, and maps error replies; it does
// not translate bodies (package translate does).
//
// API versions: Azure OpenAI defaults to DefaultOpenAIAPIVersion, the
// current GA data-plane version; Azure AI model inference defaults to
// DefaultAIAPIVersion, the version its REST reference documents. Both can
// be set per account.
package azure
