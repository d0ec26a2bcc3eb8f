// Package cohere translates OpenAI chat and text completions to and from
// the native InvokeModel bodies of Cohere's models on Bedrock, as two
// families: "cohere" for Command and Command Light, which take one text
// prompt (model-parameters-cohere-command), and "cohere_chat" for
// Command R and R+, which take a message, a chat history, a preamble and
// tools (model-parameters-cohere-command-r-plus).
package cohere
