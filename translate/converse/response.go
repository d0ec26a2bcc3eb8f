package converse

import (
	"encoding/json"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Response turns a /converse response body into an OpenAI
// chat.completion body appended to dst. usage is what Bedrock reported; on
// error dst is returned unchanged.
//
// Reasoning follows LiteLLM's shape: reasoning_content is the reasoning text
// as one string, and thinking_blocks keeps every block with its signature
// (or redacted data), which clients must send back unaltered on the next
// turn for tool use with extended thinking to keep working.
func Response(dst []byte, body []byte, st *State, id string, created int64) (out []byte, usage translate.Usage, err *translate.Error) {
	var resp ResponseBody
	if json.Unmarshal(body, &resp) != nil || resp.Output.Message == nil {
		return dst, translate.Usage{}, unreadableResponse()
	}
	blocks := resp.Output.Message.Content
	usage = usageFromBedrock(resp.Usage)

	// The JSON tool's input is the answer to response_format. It replaces
	// any text: a preamble would make the content unparseable as JSON.
	var jsonContent json.RawMessage
	jsonUsed := false
	hasText, tools, reasoning, thinking := false, 0, false, false
	for i := range blocks {
		b := &blocks[i]
		if b.Text != nil && *b.Text != "" {
			hasText = true
		}
		if b.ToolUse != nil {
			if isJSONTool(st, b.ToolUse) {
				jsonContent, jsonUsed = b.ToolUse.Input, true
			} else {
				tools++
			}
		}
		if rc := b.ReasoningContent; rc != nil {
			reasoning = reasoning || rc.ReasoningText != nil
			thinking = thinking || rc.ReasoningText != nil || rc.RedactedContent != ""
		}
	}

	dst = append(dst, `{"id":`...)
	dst = jsonw.AppendString(dst, id)
	dst = append(dst, `,"object":"chat.completion","created":`...)
	dst = strconv.AppendInt(dst, created, 10)
	dst = append(dst, `,"model":`...)
	dst = jsonw.AppendString(dst, st.Model)
	dst = append(dst, `,"choices":[{"index":0,"message":{"role":"assistant","content":`...)
	switch {
	case jsonUsed:
		dst = appendCompactString(dst, jsonContent)
	case hasText:
		dst = append(dst, '"')
		for i := range blocks {
			if t := blocks[i].Text; t != nil {
				dst = appendStringInner(dst, *t)
			}
		}
		dst = append(dst, '"')
	case tools > 0:
		dst = append(dst, "null"...)
	default:
		dst = append(dst, `""`...)
	}
	if reasoning {
		dst = append(dst, `,"reasoning_content":"`...)
		for i := range blocks {
			if rc := blocks[i].ReasoningContent; rc != nil && rc.ReasoningText != nil {
				dst = appendStringInner(dst, rc.ReasoningText.Text)
			}
		}
		dst = append(dst, '"')
	}
	if thinking {
		dst = append(dst, `,"thinking_blocks":[`...)
		for i := range blocks {
			rc := blocks[i].ReasoningContent
			if rc == nil || rc.ReasoningText == nil && rc.RedactedContent == "" {
				continue
			}
			dst = jsonw.AppendSep(dst)
			dst = appendThinkingBlock(dst, rc)
		}
		dst = append(dst, ']')
	}
	if tools > 0 {
		dst = append(dst, `,"tool_calls":[`...)
		for i := range blocks {
			tu := blocks[i].ToolUse
			if tu == nil || isJSONTool(st, tu) {
				continue
			}
			dst = jsonw.AppendSep(dst)
			dst = append(dst, `{"id":`...)
			dst = jsonw.AppendString(dst, st.ClientToolID(tu.ToolUseID))
			dst = append(dst, `,"type":"function","function":{"name":`...)
			dst = jsonw.AppendString(dst, tu.Name)
			dst = append(dst, `,"arguments":`...)
			dst = appendCompactString(dst, tu.Input)
			dst = append(dst, "}}"...)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `},"logprobs":null,"finish_reason":"`...)
	fr := bedrockruntime.FinishReason(resp.StopReason)
	if fr == "tool_calls" && tools == 0 && jsonUsed {
		// The client asked for a format, not for tools: the forced tool
		// call is how the answer was produced, not a call to make.
		fr = "stop"
	}
	dst = append(dst, fr...)
	dst = append(dst, `"}],"usage":`...)
	dst = translate.AppendUsage(dst, usage)
	return append(dst, '}'), usage, nil
}

// isJSONTool reports whether tu is the tool implementing response_format.
func isJSONTool(st *State, tu *ToolUseBlock) bool {
	return st.JSONTool != "" && tu.Name == st.JSONTool
}

func unreadableResponse() *translate.Error {
	return translate.BadUpstream("Bedrock returned an unreadable response")
}

// appendStringInner appends s escaped as the inside of a JSON string
// literal, so that several strings can be written as one.
func appendStringInner(dst []byte, s string) []byte {
	n := len(dst)
	dst = jsonw.AppendString(dst, s)
	copy(dst[n:], dst[n+1:len(dst)-1])
	return dst[:len(dst)-2]
}

// appendThinkingBlock appends one thinking_blocks entry.
func appendThinkingBlock(dst []byte, rc *ReasoningContentBlock) []byte {
	if rc.ReasoningText == nil {
		dst = append(dst, `{"type":"redacted_thinking","data":`...)
		dst = jsonw.AppendString(dst, rc.RedactedContent)
		return append(dst, '}')
	}
	dst = append(dst, `{"type":"thinking","thinking":`...)
	dst = jsonw.AppendString(dst, rc.ReasoningText.Text)
	if rc.ReasoningText.Signature != "" {
		dst = append(dst, `,"signature":`...)
		dst = jsonw.AppendString(dst, rc.ReasoningText.Signature)
	}
	return append(dst, '}')
}

// appendCompactString appends the JSON value v, compacted, as a JSON
// string: OpenAI carries tool arguments as JSON text. v comes from
// json.Unmarshal, so it is valid; a missing input is "{}".
func appendCompactString(dst []byte, v json.RawMessage) []byte {
	if len(v) == 0 {
		return append(dst, `"{}"`...)
	}
	// Compact into the tail of dst, quote that after it, then move the
	// quoted text back: no buffer of its own.
	mark := len(dst)
	dst = jsonw.AppendCompact(dst, v)
	end := len(dst)
	dst = jsonw.AppendStringBytes(dst, dst[mark:end])
	n := copy(dst[mark:], dst[end:])
	return dst[:mark+n]
}
