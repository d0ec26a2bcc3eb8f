// Package amazon translates for Amazon's own models on Bedrock's
// InvokeModel API: Titan Text, which takes a prompt. It registers the
// family with package invoke.
//
//	register.go        the families, by name and model ID prefix
//	params.go          OpenAI parameters a fixed native body has no room for
//	errors.go          answers and chunks that make no sense
//	titan_request.go   Titan: chat and text completions → inputText and textGenerationConfig
//	titan_template.go  Titan: chat turns → the "User:"/"Bot:" prompt
//	titan_stop.go      Titan: the two stop sequences it takes
//	titan_response.go  Titan: results → an OpenAI answer
//	titan_stream.go    Titan: outputText chunks → OpenAI chunks
package amazon
