// Package translate converts between OpenAI's chat-completions format and the
// formats of the upstream providers, in both directions, including the stream
// transcoders. It does no I/O: every function takes bytes or values and
// returns bytes or values, so each mapping can be tested and benchmarked alone.
package translate
