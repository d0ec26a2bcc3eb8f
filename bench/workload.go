package main

import (
	"strconv"
	"strings"
)

// The workload the issue fixes: every answer is the same 1 KiB of text, and
// a stream carries it in 32 content events. The fake, the request bodies
// and the validator all read it from here, so every target is held to the
// same exact content.
const (
	textLen      = 1024
	streamEvents = 32
	pieceLen     = textLen / streamEvents
)

// answerText is plain ASCII with nothing JSON must escape, so its length on
// the wire is its length in the message, whoever encodes it.
var answerText = func() string {
	const sentence = "The quick brown fox jumps over the lazy dog, then naps in the sun. "
	return strings.Repeat(sentence, textLen/len(sentence)+1)[:textLen]
}()

// piece is the text of the i-th content event of a stream.
func piece(i int) string { return answerText[i*pieceLen : (i+1)*pieceLen] }

// Model aliases in the gateway's Caddyfile. The direct and reverse_proxy
// targets send fakeModel, which the fake ignores.
const (
	fakeModel    = "bench-model"
	bedrockAlias = "bench-bedrock"
	azureAlias   = "bench-azure"
)

// requestBody is a small chat request, as a client would send it.
func requestBody(model string, stream bool) string {
	return `{"model":"` + model + `","stream":` + strconv.FormatBool(stream) +
		`,"max_tokens":512,"messages":[{"role":"system","content":"You are a concise assistant."},` +
		`{"role":"user","content":"Tell me about foxes and dogs in about two hundred words."}]}`
}

// rawRequest is the whole HTTP/1.1 request, written once per target and
// sent as it is on every call.
func rawRequest(addr, body string) []byte {
	return []byte("POST /v1/chat/completions HTTP/1.1\r\n" +
		"Host: " + addr + "\r\n" +
		"User-Agent: llm-gateway-bench\r\n" +
		"Authorization: Bearer bench\r\n" +
		"Content-Type: application/json\r\n" +
		"Accept: */*\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n" +
		"\r\n" + body)
}
