// Package deepseek translates OpenAI chat and text completions to the
// native InvokeModel body of DeepSeek R1 on Bedrock,
// {"prompt","max_tokens","temperature","top_p","stop"}, and its answers
// back, for us.deepseek.r1-v1:0 and for imported DeepSeek models
// (bedrock/deepseek_r1/<arn>). It registers the family "deepseek".
//
// A chat becomes one prompt in DeepSeek's chat template, left inside an
// open <think> block as DeepSeek and AWS's InvokeModel example do, so the
// answer starts with the model's reasoning and </think> ends it: that
// text is sent as reasoning_content, chunk by chunk while streaming,
// whatever way the tags are split across chunks.
//
// Bedrock's own R1 answers {"choices":[{"text","stop_reason"}]}; imported
// DeepSeek distillations answer as the Llama models they are built on
// ({"generation",...}). Both are read, with package llama's readers.
package deepseek
