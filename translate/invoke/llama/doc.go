// Package llama translates OpenAI chat and text completions to the native
// InvokeModel body of Meta's Llama models on Bedrock,
// {"prompt","max_gen_len","temperature","top_p"}, and their answers
// ({"generation","stop_reason",...}) back. A chat becomes one prompt in
// the model's own chat template: Llama 2's [INST] turns, Llama 3's header
// tokens, or Llama 4's.
//
// It registers three families: "llama", the family of every meta.llama
// model ID, which picks the template from the ID; and "llama2" and
// "llama4", which name a template outright, for imported models whose
// ARN says nothing about it (bedrock/llama/<arn> otherwise gets Llama
// 3's).
//
// The parts every prompt family of this shape needs (the sorting of
// OpenAI parameters, the body, the reading of generation-shaped answers
// and chunks) are exported for the DeepSeek family, which Bedrock serves
// the same way.
package llama
