// Package invoke translates between OpenAI's chat and text completions and
// the native bodies of Bedrock's InvokeModel API. Each model family lives
// in a package of its own below this one (anthropic, llama, mistral,
// cohere, amazon, ai21, deepseek) and registers itself here; this package
// holds what they share: the family registry, the writers that turn what a
// family reads into OpenAI's JSON and chunks, and the reading of
// InvokeModelWithResponseStream's event stream. No I/O.
package invoke
