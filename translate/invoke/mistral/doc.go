// Package mistral is the InvokeModel family of Mistral AI's models on
// Bedrock ("mistral."). It registers itself with package invoke.
//
// Two bodies, chosen by model ID:
//
//   - Mistral 7B Instruct and Mixtral 8x7B Instruct take a prompt
//     ({"prompt","max_tokens","temperature","top_p","top_k","stop"}); a
//     chat is written in Mistral's [INST] template, and the answer is
//     {"outputs":[{"text","stop_reason"}]}, streamed in chunks of the
//     same shape.
//   - Every other Mistral model (Large 24.02 and 24.07, Small) takes
//     Mistral's chat body ({"messages","tools","tool_choice",...}) and
//     answers {"choices":[{"index","message","stop_reason"}]}; stream
//     chunks carry the same choices, each with a piece of the message.
//
// The answer readers tell the shapes apart by their members, not by the
// request, so an answer in either shape is read whatever was asked.
//
//	family.go     registration, the choice of body, per-request state
//	build.go      the body writer both bodies share: sampling, members
//	params.go     what is done with each OpenAI parameter
//	prompt.go     the prompt body (7B Instruct, Mixtral)
//	template.go   Mistral's [INST] chat template
//	chat.go       the chat body (Large, Small): messages
//	tools.go      tools, tool_choice, response_format
//	toolid.go     tool-call ids Mistral accepts
//	response.go   Answer: a whole answer, either shape
//	stream.go     Chunks: the stream's chunks, either shape
//	finish.go     stop_reason → finish_reason
package mistral
