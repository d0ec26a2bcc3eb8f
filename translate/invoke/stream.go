package invoke

import (
	"encoding/base64"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Stream transcodes one InvokeModelWithResponseStream answer: each
// "chunk" event carries the model's own JSON, base64-encoded, which goes
// to the family's ChunkReader, whose Writer makes OpenAI chunks of it.
// Exception and error frames end the stream with an error event, as for
// Converse. One per answer; not safe for concurrent use.
type Stream struct {
	// Upstream is the context for errors Bedrock reports inside the
	// stream (Account, Region, ModelID).
	Upstream bedrockruntime.Failure

	r     ChunkReader
	w     *translate.ChunkWriter
	chunk []byte // the last chunk, decoded
	// ownUsage: the family has reported usage from its own fields, which
	// Bedrock's metrics then do not replace.
	ownUsage bool
}

// NewStream returns the transcoder of one streaming answer of family f.
func NewStream(f Family, st *State, id string, created int64) *Stream {
	return &Stream{
		Upstream: bedrockruntime.Failure{Operation: "bedrock:InvokeModelWithResponseStream"},
		r:        f.Chunks(st),
		w:        translate.NewChunkWriter(&st.Answering, id, created),
		chunk:    make([]byte, 0, 512),
	}
}

// Message appends the SSE bytes for one decoded frame. terminal is true
// once an error event was written: the caller writes out and stops.
func (s *Stream) Message(dst []byte, msg *eventstream.Message) (out []byte, terminal bool) {
	if s.w.Ended() {
		return dst, true
	}
	switch typ := bedrockruntime.HeaderString(msg.Headers, ":message-type"); typ {
	case "event":
		if bedrockruntime.HeaderString(msg.Headers, ":event-type") != "chunk" {
			return dst, false
		}
		s.w.Into(dst)
		e := s.read(msg.Payload)
		if dst = s.w.Out(); e != nil {
			return s.Fail(dst, e), true
		}
		return dst, s.w.Ended()
	case "exception", "error":
		return s.Fail(dst, bedrockruntime.FrameError(typ, msg, s.Upstream)), true
	}
	return dst, false
}

// read decodes a chunk event's payload, {"bytes":"<base64>"}, and hands
// the JSON to the family. The last chunk carries Bedrock's own count of
// the tokens, which stands in when the family's fields say nothing.
func (s *Stream) read(payload []byte) *translate.Error {
	v, ok := jsonw.Lookup(payload, "bytes")
	if !jsonw.Valid(payload) || !ok || !jsonw.IsString(v) {
		return s.malformed()
	}
	enc := v[1 : len(v)-1]
	n := base64.StdEncoding.DecodedLen(len(enc))
	if cap(s.chunk) < n {
		s.chunk = make([]byte, n)
	}
	n, err := base64.StdEncoding.Decode(s.chunk[:n], enc)
	if err != nil || !jsonw.Valid(s.chunk[:n]) {
		return s.malformed()
	}
	chunk := s.chunk[:n]
	before := s.w.Used()
	if e := s.r.Chunk(chunk, s.w); e != nil {
		if e.Message != "" && !strings.HasPrefix(e.Message, "bedrock") {
			e.Message = bedrockruntime.AccountPrefix(s.Upstream.Account) + e.Message
		}
		return e
	}
	s.ownUsage = s.ownUsage || s.w.Used() != before
	if s.ownUsage {
		return nil
	}
	if m, ok := jsonw.Lookup(chunk, "amazon-bedrock-invocationMetrics"); ok {
		if u, ok := bedrockruntime.Usage(m); ok {
			s.w.Usage(u)
		}
	}
	return nil
}

func (s *Stream) malformed() *translate.Error {
	return translate.BadUpstream(bedrockruntime.AccountPrefix(s.Upstream.Account) + "Bedrock sent an unreadable chunk event")
}

// End appends what follows the last frame: the usage chunk the client
// asked for and [DONE], or an error event when the answer stopped short.
func (s *Stream) End(dst []byte) []byte {
	var cutOff *translate.Error
	if !s.w.Finished() { // made only when needed: End is on every stream's path
		cutOff = translate.BadUpstream(bedrockruntime.AccountPrefix(s.Upstream.Account) + "the Bedrock stream ended before the response was complete")
	}
	return s.w.Complete(dst, cutOff)
}

// Fail appends an error event for a failure outside the stream's events.
func (s *Stream) Fail(dst []byte, e *translate.Error) []byte { return s.w.Fail(s.w.Take(dst), e) }

// Err returns the error the stream ended with, or nil.
func (s *Stream) Err() *translate.Error { return s.w.Err() }

// Usage returns the usage the stream reported.
func (s *Stream) Usage() translate.Usage { return s.w.Used() }
