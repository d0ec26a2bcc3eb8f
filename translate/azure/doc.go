// Package azure translates between OpenAI's chat completions and the two
// Azure APIs that speak them: Azure OpenAI deployments and Azure AI model
// inference (serverless and Foundry endpoints). The translation is a
// pass-through: Azure OpenAI speaks OpenAI's API, and Azure AI model
// inference a subset of it. Bodies are rebuilt from their top-level
// members, values copied byte for byte, with only the changes Azure needs:
//
//	options.go      options, state, what a deployment's name says
//	request.go      chat requests, and embeddings and image requests
//	schema.go       what Azure AI model inference accepts
//	response.go     responses (and embeddings, images)
//	splice.go       large embeddings and image responses, without a copy
//	stream.go       SSE chunks (stream_write.go: writing them)
//	errors.go       error replies (error_body.go: reading them)
//
// The SSE scanner and the <think> splitter it relies on are translate's:
// other upstreams read SSE and reason in <think> tags too.
package azure
