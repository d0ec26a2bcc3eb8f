// Package embeddings translates OpenAI's POST /v1/embeddings for the
// Bedrock embedding models, one sub-package per model family (titan,
// cohere, nova), each registered here by model-ID prefix. It does no I/O:
// the gateway parses a request once (Parse), plans its InvokeModel calls
// (Plan), asks the family for each call's body and reads each answer into
// vectors, then writes the OpenAI list (AppendList) as floats or as
// base64 little-endian float32, as OpenAI does.
//
// Vectors are never decoded to answer in floats: each is the upstream's
// own JSON array, sliced out of its answer and copied through.
//
//	request.go  the request: parameters, limits
//	input.go    the "input" member: strings, token arrays, images
//	image.go    image inputs: data URLs and bare base64
//	family.go   the Family interface, the registry, call planning
//	answer.go   reading vectors out of answers
//	list.go     the OpenAI list, float or base64
package embeddings
