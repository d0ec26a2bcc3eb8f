// Package ai21 translates OpenAI chat and text completions to and from
// the InvokeModel bodies of AI21 Labs' models on Bedrock, as two
// families: "jamba" (Jamba-Instruct, Jamba 1.5 Mini and Large), whose body
// is a chat of role/content messages much like OpenAI's, and "j2"
// (Jurassic-2 Mid and Ultra), which completes a prompt.
//
//	register.go        the families and their model ID prefixes
//	body.go            the JSON object writer the request builders share
//	params.go          OpenAI parameters neither family can honour, ignored
//	                   members, and what is passed through
//	text.go            text completions: what chat cannot carry
//	finish.go          finish reasons → OpenAI's
//	jamba.go           Jamba: Chat and Text, sampling parameters
//	jamba_messages.go  messages → Jamba messages (text, tool calls, results)
//	jamba_tools.go     tools, tool_choice, response_format
//	jamba_answer.go    a Jamba answer → translate.Answer
//	jamba_stream.go    Jamba's OpenAI-like chunks → ChunkWriter calls
//	j2.go              Jurassic-2: Chat and Text, parameters, penalties
//	j2_template.go     the chat template: turns as text
//	j2_answer.go       a Jurassic-2 answer → translate.Answer, and its
//	                   ChunkReader (a whole answer as one chunk)
package ai21
