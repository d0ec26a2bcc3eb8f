// Package anthropic is the InvokeModel family of Anthropic's Claude
// models ("anthropic." model IDs): OpenAI chat and text completions
// translated to the Anthropic Messages API body Bedrock takes
// (anthropic_version bedrock-2023-05-31), and its answers and stream
// chunks translated back. Claude 2.x and Claude Instant get the same
// Messages API body, with text only.
//
//	family.go     Family: registration and the invoke.Family methods
//	model.go      what a model ID says: tools, images, documents, limits
//	types.go      the Messages API's wire types
//	request.go    Chat: entry point, cache marks, marshalling
//	messages.go   messages → system and blocks (Claude 3 and later),
//	              in turns that internal/turns builds
//	textonly.go   messages → text turns (Claude 2.x and Instant)
//	media.go      images and documents
//	tools.go      tools, tool_choice, response_format
//	params.go     max_tokens, sampling, stop, metadata, other members
//	text.go       Text: a text completion as one user message
//	state.go      what the answer's translation needs of the request
//	response.go   Answer: a Messages API answer → translate.Answer
//	usage.go      Anthropic's token accounting → OpenAI's
//	finish.go     stop_reason → finish_reason
//	stream.go     the ChunkReader: stream events → ChunkWriter calls
package anthropic
