// Package amazon translates for Amazon's own models on Bedrock's
// InvokeModel API: Titan Text, which takes a prompt, and Nova, whose
// messages-v1 body is Converse's in all but a few members. It registers
// both families with package invoke.
//
//	register.go        the families, by name and model ID prefix
//	params.go          OpenAI parameters neither family's body has room for
//	errors.go          answers and chunks that make no sense
//	titan_request.go   Titan: chat and text completions → inputText and textGenerationConfig
//	titan_template.go  Titan: chat turns → the "User:"/"Bot:" prompt
//	titan_stop.go      Titan: the two stop sequences it takes
//	titan_response.go  Titan: results → an OpenAI answer
//	titan_stream.go    Titan: outputText chunks → OpenAI chunks
//	nova_request.go    Nova: a Converse body, made a messages-v1 body
//	nova_content.go    Nova: what its InvokeModel takes less than Converse
//	nova_response.go   Nova: output.message → an OpenAI answer
//	nova_stream.go     Nova: Converse-shaped chunks → OpenAI chunks
//	nova_usage.go      Nova: token counts, in either spelling Bedrock uses
package amazon
