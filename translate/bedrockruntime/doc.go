// Package bedrockruntime holds what the gateway knows of the Bedrock
// Runtime service whichever of its APIs a route calls (Converse now,
// InvokeModel next): what a model ID says about the model family behind
// it (model.go), and how Bedrock's errors become the OpenAI errors a
// client gets (errors.go, error_kinds.go, ondemand.go), with the AWS
// account and identities in Bedrock's messages redacted (redact.go), and
// what a stopReason means to an OpenAI client (finish.go).
package bedrockruntime
