package converse

import (
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Stream transcodes ConverseStream event-stream messages into OpenAI
// SSE chunks. One per response; not safe for concurrent use.
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
	// prefix is `data: {"id":...,"model":...,"choices":[` and, from
	// choiceAt on, `{"index":0,"delta":`: everything before a delta.
	prefix   []byte
	choiceAt int

	blocks []streamBlock
	tools  int // tool calls started, the next tool call's index
	// jsonTool is set once the response_format tool started.
	jsonTool bool

	stopped   bool                // messageStop was sent
	end       translate.StreamEnd // nothing may follow [DONE] or an error event
	haveUsage bool
	usageSent bool
	usage     translate.Usage
	text      []byte // scratch for unquoting string values
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
	p := make([]byte, 0, 96+len(id)+len(st.Model))
	p = append(p, `data: {"id":`...)
	p = jsonw.AppendString(p, id)
	p = append(p, `,"object":"chat.completion.chunk","created":`...)
	p = strconv.AppendInt(p, created, 10)
	p = append(p, `,"model":`...)
	p = jsonw.AppendString(p, st.Model)
	p = append(p, `,"choices":[`...)
	s.choiceAt = len(p)
	s.prefix = append(p, `{"index":0,"delta":`...)
	return s
}

// chunkEnd closes a chunk whose delta was just written.
const chunkEnd = `,"logprobs":null,"finish_reason":null}]}` + "\n\n"

// Usage returns the usage the stream's metadata event reported.
func (s *Stream) Usage() translate.Usage { return s.usage }

// Err returns the error the stream ended with, or nil.
func (s *Stream) Err() *translate.Error { return s.end.Err() }

// Fail appends an error event for a failure outside the upstream's events
// (e.g. the connection broke). Nothing is written after it.
func (s *Stream) Fail(dst []byte, e *translate.Error) []byte { return s.end.Fail(dst, e) }

// Message appends the SSE bytes for one decoded frame. terminal is true
// after an exception or error frame, or an unreadable event, was turned
// into an error event: the caller writes out and stops (no [DONE]).
// Unknown event and message types are skipped.
func (s *Stream) Message(dst []byte, msg *eventstream.Message) (out []byte, terminal bool) {
	if s.end.Ended() {
		return dst, true
	}
	switch typ := bedrockruntime.HeaderString(msg.Headers, ":message-type"); typ {
	case "event":
		return s.event(dst, bedrockruntime.HeaderString(msg.Headers, ":event-type"), msg.Payload)
	case "exception", "error":
		return s.Fail(dst, bedrockruntime.FrameError(typ, msg, s.Upstream)), true
	}
	return dst, false
}

// End appends what follows the last frame: "data: [DONE]\n\n" after a
// complete stream, or an error event if the stream ended without
// messageStop. A finish_reason is never made up: a client must not take a
// cut-off answer for a whole one.
func (s *Stream) End(dst []byte) []byte {
	switch {
	case s.end.Ended():
		return dst
	case !s.stopped:
		return s.Fail(dst, translate.BadUpstream(bedrockruntime.AccountPrefix(s.Upstream.Account)+"the Bedrock stream ended before the response was complete"))
	}
	return s.end.Done(dst)
}

func (s *Stream) malformed(dst []byte, event string) ([]byte, bool) {
	return s.Fail(dst, translate.BadUpstream(bedrockruntime.AccountPrefix(s.Upstream.Account)+"Bedrock sent an unreadable "+event+" event")), true
}

func (s *Stream) event(dst []byte, typ string, payload []byte) ([]byte, bool) {
	switch typ {
	case "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata":
	default:
		// New event types must not break old gateways.
		return dst, false
	}
	obj, ok := jsonw.ObjectMembers(payload)
	if !ok || !jsonw.Valid(payload) {
		return s.malformed(dst, typ)
	}
	switch typ {
	case "messageStart":
		dst = append(dst, s.prefix...)
		dst = append(dst, `{"role":"assistant","content":""}`...)
		return append(dst, chunkEnd...), false
	case "contentBlockStart":
		ok = s.blockStart(&dst, obj)
	case "contentBlockDelta":
		ok = s.blockDelta(&dst, obj)
	case "messageStop":
		ok = s.messageStop(&dst, obj)
	case "metadata":
		ok = s.metadata(&dst, obj)
	}
	if !ok {
		return s.malformed(dst, typ)
	}
	return dst, false
}

// messageStop handles {"stopReason":"..."}: the finish chunk.
func (s *Stream) messageStop(dst *[]byte, obj jsonw.Members) bool {
	var reason []byte
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		if jsonw.KeyIs(k, "stopReason") {
			reason = v
		}
	}
	if reason != nil && !jsonw.IsString(reason) {
		return false
	}
	if s.stopped {
		return true
	}
	s.stopped = true
	s.text = jsonw.AppendUnquoted(s.text[:0], reason)
	fr := bedrockruntime.FinishReason(string(s.text))
	if fr == "tool_calls" && s.tools == 0 && s.jsonTool {
		fr = "stop" // as in Response
	}
	d := append(*dst, s.prefix...)
	d = append(d, `{},"logprobs":null,"finish_reason":"`...)
	d = append(d, fr...)
	d = append(d, "\"}]}\n\n"...)
	if s.haveUsage {
		d = s.appendUsageChunk(d)
	}
	*dst = d
	return true
}

// metadata handles {"usage":{...},"metrics":{...}}. The usage chunk goes
// after the finish chunk, where OpenAI puts it, and only when the client
// asked for it: clients that read choices[0] of every chunk break on its
// empty choices.
func (s *Stream) metadata(dst *[]byte, obj jsonw.Members) bool {
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
	s.usage, s.haveUsage = u, true
	if s.stopped {
		*dst = s.appendUsageChunk(*dst)
	}
	return true
}

func (s *Stream) appendUsageChunk(dst []byte) []byte {
	if !s.st.IncludeUsage || s.usageSent {
		return dst
	}
	s.usageSent = true
	dst = append(dst, s.prefix[:s.choiceAt]...)
	dst = append(dst, `],"usage":`...)
	dst = translate.AppendUsage(dst, s.usage)
	return append(dst, "}\n\n"...)
}

// appendText appends the JSON string literal lit, re-encoded the way
// AppendString writes strings.
func (s *Stream) appendText(dst, lit []byte) []byte {
	return jsonw.AppendStringBytes(dst, jsonw.Unquoted(lit, &s.text))
}

func (s *Stream) block(index int) *streamBlock {
	for i := range s.blocks {
		if s.blocks[i].index == index {
			return &s.blocks[i]
		}
	}
	return nil
}
