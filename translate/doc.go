// Package translate is the OpenAI side that every upstream shares: the
// chat-completions request, parsed once (ChatRequest, ParseChatRequest,
// DecodeContent), errors in OpenAI's shape (Error, FailureKind), token
// usage, what the stream transcoders have in common (ChunkWriter,
// StreamEnd, SSEScanner, ThinkSplitter), and what every translation to a tool-use
// API needs (PartMedia, ToolIDs, FunctionToolSchema, ExtendedThinking,
// NoEffect). Each upstream API has a package of its own
// below it, which translates between it and this:
//
//	converse/        OpenAI ↔ Bedrock Converse
//	azure/           OpenAI ↔ Azure OpenAI and Azure AI model inference
//	bedrockruntime/  what every Bedrock API shares: model families, errors
//	internal/jsonw/  the allocation-free JSON walkers and writers they use
//	internal/turns/  the alternating turns Converse and Claude both take
//
// None of them does I/O: every function takes bytes or values and returns
// bytes or values, so each mapping can be tested and benchmarked alone.
package translate
