// Package images translates OpenAI's image generation requests
// (POST /v1/images/generations) into the native InvokeModel bodies of
// Bedrock's image models, and their answers back. Each model family lives
// in a package of its own below this one (stability, amazon) and registers
// itself here by model ID prefix; this package holds what they share: the
// reading of the OpenAI request, sizes, the registry and the writing of
// OpenAI's answer. No I/O.
//
// The request is read from the members of the client's body as split once
// by the handler: strings such as the prompt are copied into the native
// body as the JSON literals they arrived as, never unquoted and quoted
// again; the images of the answer are copied as the base64 literals
// Bedrock sent, never decoded.
package images
