package converse

import (
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Stream transcodes ConverseStream event-stream messages into OpenAI
// SSE chunks, which translate.ChunkWriter writes. One per response; not
// safe for concurrent use.
//
// Event payloads are read by a small scanner over jsonw.Valid input rather
// than by encoding/json: a text delta is the hot path of every stream, and
// the scanner reads it in a few hundred nanoseconds with no allocation.
type Stream struct {
	// Upstream is the context for errors Bedrock reports inside the stream
	// (Account, Region, ModelID, Operation), as for bedrockruntime.Error.
	// Operation starts as bedrock:InvokeModelWithResponseStream.
	Upstream bedrockruntime.Failure

	st *State
	// answering and w are held by value: one allocation for the stream.
	answering translate.Answering
	w         translate.ChunkWriter

	blocks []streamBlock
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
	tool  int  // tool-call index, -1 if not a tool call
	json  bool // the response_format tool: its input is content
}

// NewStream returns a transcoder for one response.
func NewStream(st *State, id string, created int64) *Stream {
	s := &Stream{st: st, Upstream: bedrockruntime.Failure{Operation: "bedrock:InvokeModelWithResponseStream"}}
	s.answering = translate.Answering{Alias: st.Model, IncludeUsage: st.IncludeUsage}
	s.w.Init(&s.answering, id, created)
	return s
}

// Usage returns the usage the stream's metadata event reported.
func (s *Stream) Usage() translate.Usage { return s.w.Used() }

// Err returns the error the stream ended with, or nil.
func (s *Stream) Err() *translate.Error { return s.w.Err() }

// Fail appends an error event for a failure outside the upstream's events
// (e.g. the connection broke). Nothing is written after it.
func (s *Stream) Fail(dst []byte, e *translate.Error) []byte { return s.w.Fail(dst, e) }

// Message appends the SSE bytes for one decoded frame. terminal is true
// after an exception or error frame, or an unreadable event, was turned
// into an error event: the caller writes out and stops (no [DONE]).
// Unknown event and message types are skipped.
func (s *Stream) Message(dst []byte, msg *eventstream.Message) (out []byte, terminal bool) {
	if s.w.Ended() {
		return dst, true
	}
	switch typ := bedrockruntime.HeaderString(msg.Headers, ":message-type"); typ {
	case "event":
		event := bedrockruntime.HeaderString(msg.Headers, ":event-type")
		s.w.Into(dst)
		ok := s.event(event, msg.Payload)
		if dst = s.w.Out(); !ok {
			return s.malformed(dst, event), true
		}
		return dst, false
	case "exception", "error":
		return s.Fail(dst, bedrockruntime.FrameError(typ, msg, s.Upstream)), true
	}
	return dst, false
}

// End appends what follows the last frame: the usage chunk the client
// asked for and "data: [DONE]\n\n" after a complete stream, or an error
// event if the stream ended without messageStop. A finish_reason is never
// made up: a client must not take a cut-off answer for a whole one.
func (s *Stream) End(dst []byte) []byte {
	var cutOff *translate.Error
	if !s.w.Finished() { // made only when needed: End is on every stream's path
		cutOff = translate.BadUpstream(bedrockruntime.AccountPrefix(s.Upstream.Account) + "the Bedrock stream ended before the response was complete")
	}
	return s.w.Complete(dst, cutOff)
}

func (s *Stream) malformed(dst []byte, event string) []byte {
	return s.Fail(dst, translate.BadUpstream(bedrockruntime.AccountPrefix(s.Upstream.Account)+"Bedrock sent an unreadable "+event+" event"))
}

// event says what one event says; false if it is unreadable. Event types
// it does not know are skipped: new ones must not break old gateways.
func (s *Stream) event(typ string, payload []byte) bool {
	switch typ {
	case "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata":
	default:
		return true
	}
	obj, ok := jsonw.ObjectMembers(payload)
	if !ok || !jsonw.Valid(payload) {
		return false
	}
	switch typ {
	case "messageStart":
		s.w.Start()
	case "contentBlockStart":
		return s.blockStart(obj)
	case "contentBlockDelta":
		return s.blockDelta(obj)
	case "messageStop":
		return s.messageStop(obj)
	case "metadata":
		return s.metadata(obj)
	}
	return true
}

// messageStop handles {"stopReason":"..."}: the finish chunk.
func (s *Stream) messageStop(obj jsonw.Members) bool {
	var reason []byte
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		if jsonw.KeyIs(k, "stopReason") {
			reason = v
		}
	}
	if reason != nil && !jsonw.IsString(reason) {
		return false
	}
	fr := bedrockruntime.FinishReason(string(jsonw.Unquoted(reason, &s.text)))
	if fr == "tool_calls" && s.tools == 0 && s.jsonTool {
		fr = "stop" // as in Response
	}
	s.w.Finish(fr)
	return true
}

// metadata handles {"usage":{...},"metrics":{...}}. The usage chunk goes
// out at the end, after the finish chunk, where OpenAI puts it.
func (s *Stream) metadata(obj jsonw.Members) bool {
	var usage []byte
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		if jsonw.KeyIs(k, "usage") {
			usage = v
		}
	}
	if usage == nil {
		return true
	}
	u, ok := bedrockruntime.Usage(usage)
	if !ok {
		return false
	}
	s.w.Usage(u)
	return true
}

func (s *Stream) block(index int) *streamBlock {
	for i := range s.blocks {
		if s.blocks[i].index == index {
			return &s.blocks[i]
		}
	}
	return nil
}
