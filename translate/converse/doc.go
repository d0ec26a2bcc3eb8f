// Package converse translates between OpenAI's chat completions and
// Bedrock's Converse API, in both directions: the request (Request), the
// answer (Response) and the ConverseStream event stream (Stream). What
// every Bedrock API shares, the model families and the error mapping,
// is bedrockruntime's.
//
//	options.go    Options: one route's settings, built at provision time
//	state.go      State: what the answer's translation needs of the request
//	types.go      Converse's wire types
//	request.go    Request: entry point, cache points, marshalling
//	messages.go   messages → system and blocks, in turns that
//	              internal/turns builds
//	media.go      images and documents (data URLs, fetched URLs)
//	tools.go      tools, tool_choice, response_format
//	params.go     sampling parameters, bounds, other members
//	thinking.go   thinking and reasoning_effort → extended thinking
//	response.go   Response: a /converse answer → chat.completion
//	usage.go      Bedrock's token accounting → OpenAI's
//	stream.go     Stream: ConverseStream frames → SSE chunks
//	              (stream_blocks.go: text, tool calls and reasoning)
package converse
