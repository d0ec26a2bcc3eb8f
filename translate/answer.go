package translate

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Answer is an upstream's whole answer, read from its native format, for
// writing in OpenAI's: the translators of upstreams whose format is not
// OpenAI's fill one, and AppendAnswer writes it.
type Answer struct {
	Text string
	// Reasoning holds the thinking blocks, signatures kept, in the shape
	// clients send them back in.
	Reasoning []ThinkingBlock
	ToolCalls []ToolCall
	// Finish is OpenAI's finish_reason: stop, length, tool_calls or
	// content_filter.
	Finish string
	Usage  Usage
}

// Answering says how an answer is written: for which alias, and as a chat
// completion or a text completion (POST /v1/completions).
type Answering struct {
	Alias string
	Text  bool
	// IncludeUsage is stream_options.include_usage (streams only).
	IncludeUsage bool
}

// AppendAnswer appends an answer as OpenAI's chat.completion, or as a
// text_completion when st.Text is set.
func AppendAnswer(dst []byte, a *Answer, st *Answering, id string, created int64) []byte {
	a.Usage.TotalTokens = a.Usage.PromptTokens + a.Usage.CompletionTokens
	object := "chat.completion"
	if st.Text {
		object = "text_completion"
	}
	dst = append(dst, `{"id":`...)
	dst = AppendString(dst, id)
	dst = append(dst, `,"object":"`...)
	dst = append(dst, object...)
	dst = append(dst, `","created":`...)
	dst = strconv.AppendInt(dst, created, 10)
	dst = append(dst, `,"model":`...)
	dst = AppendString(dst, st.Alias)
	if st.Text {
		dst = append(dst, `,"choices":[{"text":`...)
		dst = AppendString(dst, a.Text)
		dst = append(dst, `,"index":0`...)
	} else {
		dst = append(dst, `,"choices":[{"index":0,"message":{"role":"assistant","content":`...)
		if a.Text == "" && len(a.ToolCalls) > 0 {
			dst = append(dst, "null"...)
		} else {
			dst = AppendString(dst, a.Text)
		}
		dst = appendReasoning(dst, a.Reasoning)
		dst = appendToolCalls(dst, a.ToolCalls)
		dst = append(dst, '}')
	}
	dst = append(dst, `,"logprobs":null,"finish_reason":`...)
	if a.Finish == "" {
		a.Finish = "stop"
	}
	dst = AppendString(dst, a.Finish)
	dst = append(dst, `}],"usage":`...)
	dst = AppendUsage(dst, a.Usage)
	return append(dst, '}')
}

// appendReasoning appends reasoning_content (all text blocks' text, as a
// string) and thinking_blocks (every block, signatures kept), as for
// Converse answers.
func appendReasoning(dst []byte, blocks []ThinkingBlock) []byte {
	if len(blocks) == 0 {
		return dst
	}
	var text []byte
	for _, b := range blocks {
		text = append(text, b.Thinking...)
	}
	dst = append(dst, `,"reasoning_content":`...)
	dst = jsonw.AppendStringBytes(dst, text)
	dst = append(dst, `,"thinking_blocks":[`...)
	for i, b := range blocks {
		if i > 0 {
			dst = append(dst, ',')
		}
		if b.Type == "redacted_thinking" {
			dst = append(dst, `{"type":"redacted_thinking","data":`...)
			dst = AppendString(dst, b.Data)
			dst = append(dst, '}')
			continue
		}
		dst = append(dst, `{"type":"thinking","thinking":`...)
		dst = AppendString(dst, b.Thinking)
		if b.Signature != "" {
			dst = append(dst, `,"signature":`...)
			dst = AppendString(dst, b.Signature)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendToolCalls(dst []byte, calls []ToolCall) []byte {
	if len(calls) == 0 {
		return dst
	}
	dst = append(dst, `,"tool_calls":[`...)
	for i, c := range calls {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = AppendString(dst, c.ID)
		dst = append(dst, `,"type":"function","function":{"name":`...)
		dst = AppendString(dst, c.Function.Name)
		dst = append(dst, `,"arguments":`...)
		args := c.Function.Arguments
		if args == "" {
			args = "{}"
		}
		dst = AppendString(dst, args)
		dst = append(dst, "}}"...)
	}
	return append(dst, ']')
}
