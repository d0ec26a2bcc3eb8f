package translate

import (
	"strconv"
	"strings"
)

// Where in a chat request something is, for errors that point at it, and
// what every translation refuses there.

// MessageParam names messages[i].
func MessageParam(i int) string { return "messages[" + strconv.Itoa(i) + "]" }

// PartParam names messages[i].content[j].
func PartParam(i, j int) string {
	return "messages[" + strconv.Itoa(i) + "].content[" + strconv.Itoa(j) + "]"
}

// UnknownPart refuses a content part of a type no upstream takes.
func UnknownPart(i, j int, typ string) *Error {
	param := PartParam(i, j) + ".type"
	return BadRequest(param, "%s: unsupported content part type %q (expected text, image_url or file)", param, typ)
}

// UnknownThinkingBlock refuses messages[i].thinking_blocks[k] of a type
// Anthropic's models do not return.
func UnknownThinkingBlock(i, k int, typ string) *Error {
	param := MessageParam(i) + ".thinking_blocks[" + strconv.Itoa(k) + "].type"
	return BadRequest(param, "%s: unsupported thinking block type %q (expected \"thinking\" or \"redacted_thinking\")", param, typ)
}

// IsBlank reports whether s is empty or whitespace only: text that
// Anthropic's models, on any API, refuse as a content block.
func IsBlank(s string) bool { return strings.TrimSpace(s) == "" }
