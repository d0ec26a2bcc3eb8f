// Package azure calls Azure's two OpenAI-style APIs for one account each:
// Azure OpenAI deployments (OpenAIAccount: {endpoint}/openai/deployments/
// {deployment}/...) and Azure AI model inference (AIAccount: serverless
// endpoints and Foundry models, {endpoint}/chat/completions with the
// extra-parameters header), with an API key or a Microsoft Entra ID token
// (Credentials). It resolves configuration, builds requests from scratch,
// caches the Entra tokens that azidentity's credentials obtain, and maps
// error replies; it does not translate bodies (package translate does).
//
// API versions: Azure OpenAI defaults to DefaultOpenAIAPIVersion, the
// current GA data-plane version; Azure AI model inference defaults to
// DefaultAIAPIVersion, the version its REST reference documents. Both can
// be set per account.
package azure
