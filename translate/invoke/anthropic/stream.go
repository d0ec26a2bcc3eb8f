package anthropic

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// reader reads the chunks of one streaming answer: each is one Messages
// API stream event, the JSON of Anthropic's SSE data lines.
//
//	message_start        the role chunk; usage: the input tokens
//	content_block_start  text, thinking, redacted_thinking, tool_use (id, name)
//	content_block_delta  text_delta, thinking_delta, signature_delta, input_json_delta
//	content_block_stop   nothing to send
//	message_delta        stop_reason (the finish), usage: the output tokens
//	message_stop, ping   nothing to send
//	error                the stream ends with the error
//
// Events are read by jsonw's walkers over the JSON invoke.Stream has
// checked: a text delta is the hot path of every stream, and it is read
// with no allocation. Unknown events and deltas are skipped, so new ones
// do not break old gateways.
type reader struct {
	st     *state
	blocks []streamBlock
	tokens tokens
	// tools counts tool calls started; jsonTool is set once the
	// response_format tool started.
	tools    int
	jsonTool bool
	text     []byte // scratch for unquoting string values
}

// streamBlock remembers what a content block index is about, for the
// deltas that name it.
type streamBlock struct {
	index int
	kind  blockKind
}

type blockKind uint8

const (
	blockOther blockKind = iota
	blockTool            // a tool call: input_json_delta is its arguments
	blockJSON            // the response_format tool: its input is content
)

// The members read with jsonw.Pick, in the order of its vals.
var (
	eventKeys = []string{"type", "index", "content_block", "delta", "message", "usage", "error"}
	deltaKeys = []string{"type", "text", "thinking", "signature", "partial_json"}
	errorKeys = []string{"type", "message"}
)

// event holds the members of a stream event the reader may need, raw.
type event struct {
	typ, index, block, delta, message, usage, err []byte
}

func (e *event) read(chunk []byte) bool {
	if !jsonw.Pick(chunk, eventKeys, &e.typ, &e.index, &e.block, &e.delta, &e.message, &e.usage, &e.err) || !jsonw.IsString(e.typ) {
		return false
	}
	e.typ = e.typ[1 : len(e.typ)-1]
	return true
}

// Chunk reads one stream event.
func (r *reader) Chunk(chunk []byte, w *translate.ChunkWriter) *translate.Error {
	var e event
	if !e.read(chunk) {
		return malformed("stream")
	}
	ok := true
	switch string(e.typ) {
	case "message_start":
		w.Start()
		usage, found := jsonw.Lookup(e.message, "usage")
		if found {
			ok = r.usage(usage, w)
		}
	case "content_block_start":
		ok = r.blockStart(&e, w)
	case "content_block_delta":
		ok = r.blockDelta(&e, w)
	case "message_delta":
		ok = r.messageDelta(&e, w)
	case "error":
		return r.failure(e.err)
	}
	if !ok {
		return malformed(string(e.typ))
	}
	return nil
}

// usage reads a usage object into the running count and reports it.
func (r *reader) usage(usage []byte, w *translate.ChunkWriter) bool {
	if !r.tokens.read(usage) {
		return false
	}
	w.Usage(r.tokens.usage())
	return true
}

// blockStart handles {"index":N,"content_block":{"type":...}}: a tool
// call's id and name go out at once; text and thinking blocks start
// empty, but what they hold already is sent too.
func (r *reader) blockStart(e *event, w *translate.ChunkWriter) bool {
	var x contentBlock
	if !x.read(e.block) {
		return false
	}
	switch string(x.typ) {
	case "text":
		r.sendText(w, x.text)
	case "thinking":
		r.sendReasoning(w, x.thinking)
	case "redacted_thinking":
		w.RedactedThinking(unquote(x.data))
	case "tool_use":
		idx, ok := jsonw.Count(e.index)
		if !ok || !jsonw.IsString(x.id) || !jsonw.IsString(x.name) {
			return false
		}
		// Tool starts are rare: strings are fine here.
		name := jsonw.AppendUnquoted(nil, x.name)
		if r.st.isJSONTool(name) {
			r.jsonTool = true
			r.blocks = append(r.blocks, streamBlock{index: idx, kind: blockJSON})
			return true
		}
		r.tools++
		r.blocks = append(r.blocks, streamBlock{index: idx, kind: blockTool})
		w.ToolCall(r.st.toolIDs.Client(unquote(x.id)), string(name))
	}
	return true
}

// blockDelta handles {"index":N,"delta":{"type":...}}.
func (r *reader) blockDelta(e *event, w *translate.ChunkWriter) bool {
	var typ, text, thinking, signature, partial []byte
	if !jsonw.Pick(e.delta, deltaKeys, &typ, &text, &thinking, &signature, &partial) || !jsonw.IsString(typ) {
		return false
	}
	switch string(typ[1 : len(typ)-1]) {
	case "text_delta":
		return r.sendText(w, text)
	case "thinking_delta":
		return r.sendReasoning(w, thinking)
	case "signature_delta":
		if !jsonw.IsString(signature) {
			return false
		}
		w.Signature(unquote(signature))
	case "input_json_delta":
		idx, ok := jsonw.Count(e.index)
		if !ok || !jsonw.IsString(partial) {
			return false
		}
		switch r.block(idx) {
		case blockTool:
			w.ToolArgs(jsonw.Unquoted(partial, &r.text))
		case blockJSON:
			w.Text(jsonw.Unquoted(partial, &r.text))
		default:
			// Input for a tool that never started: there is no id or
			// name to give the client.
			return false
		}
	}
	return true
}

// messageDelta handles {"delta":{"stop_reason":...},"usage":{...}}: the
// finish, and the output tokens so far.
func (r *reader) messageDelta(e *event, w *translate.ChunkWriter) bool {
	if e.usage != nil && !r.usage(e.usage, w) {
		return false
	}
	stop, _ := jsonw.Lookup(e.delta, "stop_reason")
	switch {
	case stop == nil || jsonw.IsNull(stop):
		return true
	case !jsonw.IsString(stop):
		return false
	}
	fr := finishReason(stop[1 : len(stop)-1])
	if fr == "tool_calls" && r.tools == 0 && r.jsonTool {
		fr = "stop" // as in answer
	}
	w.Finish(fr)
	return true
}

// sendText sends a text literal as content.
func (r *reader) sendText(w *translate.ChunkWriter, lit []byte) bool {
	if !jsonw.IsString(lit) {
		return false
	}
	w.Text(jsonw.Unquoted(lit, &r.text))
	return true
}

// sendReasoning sends a thinking literal as reasoning.
func (r *reader) sendReasoning(w *translate.ChunkWriter, lit []byte) bool {
	if !jsonw.IsString(lit) {
		return false
	}
	w.Reasoning(jsonw.Unquoted(lit, &r.text))
	return true
}

func (r *reader) block(index int) blockKind {
	for i := range r.blocks {
		if r.blocks[i].index == index {
			return r.blocks[i].kind
		}
	}
	return blockOther
}

// failure turns an error event, {"type":"error","error":{"type","message"}},
// into the error the stream ends with, classified as Bedrock's
// exception of the same meaning would be.
func (r *reader) failure(obj []byte) *translate.Error {
	var typRaw, msgRaw []byte
	jsonw.Pick(obj, errorKeys, &typRaw, &msgRaw)
	typ, msg := unquote(typRaw), unquote(msgRaw)
	exc := exceptionOf(typ)
	e := bedrockruntime.StreamError(exc, msg, bedrockruntime.Failure{})
	if typ != "" {
		// The client is told what Claude said, not the stand-in.
		e.Message = strings.Replace(e.Message, exc, typ, 1)
	}
	return e
}

// exceptionOf names the Bedrock exception that means what an Anthropic
// error type means.
func exceptionOf(errorType string) string {
	switch errorType {
	case "overloaded_error":
		return "serviceUnavailableException"
	case "rate_limit_error":
		return "throttlingException"
	case "invalid_request_error":
		return "validationException"
	case "request_too_large":
		return "validationException"
	case "timeout_error":
		return "modelTimeoutException"
	}
	return "modelStreamErrorException"
}

// malformed is the error for an event that makes no sense.
func malformed(event string) *translate.Error {
	return translate.BadUpstream("bedrock: Claude sent an unreadable " + event + " event")
}
