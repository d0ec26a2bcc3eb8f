package azure

import (
	"bytes"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Stream relays the SSE chunks of an Azure chat-completions stream.
// Azure streams OpenAI's chunks already, so a chunk is copied as it is,
// with "model" set to the alias, except for what clients cannot take:
//   - Azure OpenAI's first chunk carries only prompt_filter_results, with
//     empty choices, id and model. It is dropped: clients that read
//     choices[0] of every chunk (most hand-written ones) break on it.
//   - With asynchronous content filtering, chunks that carry only filter
//     annotations (choices with content_filter_results but no delta)
//     follow the text they judge. They are relayed with their
//     content_filter_results and offsets as Azure sent them, an empty
//     delta added (clients read choices[0].delta of every chunk) and the
//     stream's id, created and object filled in where Azure left them
//     empty.
//   - <think> text at the start of the content becomes
//     delta.reasoning_content (see think.go), as Bedrock's reasoning does.
//   - Usage: some Azure AI models put usage on the last content chunk
//     instead of a chunk of its own. It is taken off that chunk and, when
//     the client asked for stream_options.include_usage, sent after it as
//     OpenAI's usage chunk (choices: []). Usage is never sent to a client
//     that did not ask for it: clients that read choices[0] of every chunk
//     break on the empty choices.
//
// One per response; not safe for concurrent use.
type Stream struct {
	// Upstream is the context for errors Azure reports inside the stream
	// (Account, Kind, Deployment), as for Error.
	Upstream Failure

	st      *State
	choices []choiceState // by choice index
	// id and created are the raw values of the last chunk that had them,
	// for the chunks the gateway writes itself.
	id, created []byte

	finished  bool                // a finish_reason was seen
	end       translate.StreamEnd // nothing may follow [DONE] or an error event
	usage     translate.Usage
	usageSent bool

	text, scratch []byte
}

// choiceState is the stream state of one choice index.
type choiceState struct {
	think translate.ThinkSplitter
	// This chunk's reasoning and content, when it must be rewritten.
	r, c    []byte
	rewrite bool
}

// maxChoices bounds the choice indexes whose <think> text is split;
// choices beyond it (n > 16) are relayed as they are.
const maxChoices = 16

// NewStream returns a relay for one response.
func NewStream(st *State) *Stream {
	return &Stream{st: st, text: make([]byte, 0, 256)}
}

// Usage returns the usage Azure reported, if it did.
func (s *Stream) Usage() translate.Usage { return s.usage }

// Err returns the error the stream ended with, or nil.
func (s *Stream) Err() *translate.Error { return s.end.Err() }

// Fail appends an error event for a failure outside the upstream's events
// (e.g. the connection broke). Nothing is written after it.
func (s *Stream) Fail(dst []byte, e *translate.Error) []byte { return s.end.Fail(dst, e) }

// Event appends the SSE events for the data of one upstream event (without
// "data: "; several data lines joined with "\n", as translate.SSEScanner
// returns them): zero or more complete events. terminal is true after
// [DONE] or after an error was sent as an event: the caller writes out and
// stops.
func (s *Stream) Event(dst, data []byte) (out []byte, terminal bool) {
	if s.end.Ended() {
		return dst, true
	}
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return dst, false
	case string(data) == "[DONE]":
		return s.done(dst), true
	}
	if !jsonw.Valid(data) {
		return s.malformed(dst)
	}
	if bytes.IndexByte(data, '\n') >= 0 || bytes.IndexByte(data, '\r') >= 0 {
		// An event of several data lines: the line ends are whitespace
		// between JSON tokens, and must not end the relayed data line.
		s.scratch = jsonw.AppendCompact(s.scratch[:0], data)
		data = s.scratch
	}
	obj, ok := jsonw.ObjectMembers(data)
	if !ok {
		return s.malformed(dst)
	}
	var choices, usage, errv []byte
	modelAt, modelEnd := -1, -1
	for k, v, ok := obj.Next(); ok; k, v, ok = obj.Next() {
		switch {
		case jsonw.KeyIs(k, "choices"):
			choices = v
		case jsonw.KeyIs(k, "model"):
			modelEnd = obj.ValueEnd()
			modelAt = modelEnd - len(v)
		case jsonw.KeyIs(k, "usage"):
			if !jsonw.IsNull(v) {
				usage = v
			}
		case jsonw.KeyIs(k, "id"):
			if jsonw.IsString(v) && len(v) > 2 && !bytes.Equal(v, s.id) {
				s.id = append(s.id[:0], v...)
			}
		case jsonw.KeyIs(k, "created"):
			if string(v) != "0" && !bytes.Equal(v, s.created) {
				s.created = append(s.created[:0], v...)
			}
		case jsonw.KeyIs(k, "error"):
			if !jsonw.IsNull(v) {
				errv = v
			}
		}
	}
	if errv != nil && choices == nil {
		f := s.Upstream
		f.Status, f.Body, f.RetryAfter = 0, data, ""
		return s.Fail(dst, Error(f)), true
	}
	if usage != nil {
		u, ok := parseUsage(usage)
		if !ok {
			return s.malformed(dst)
		}
		s.usage = u
	}

	relay, rewrite, ok := s.scanChoices(choices)
	if !ok {
		return s.malformed(dst)
	}
	switch {
	case relay && (rewrite || usage != nil):
		dst = append(dst, "data: "...)
		dst = s.appendChunk(dst, data, choices, rewrite)
		dst = append(dst, "\n\n"...)
	case relay:
		dst = s.appendRelay(dst, data, modelAt, modelEnd)
	case usage != nil && emptyOrAbsentArray(choices):
		// Azure's own usage chunk: relayed, if the client asked for it.
		if s.st.IncludeUsage && !s.usageSent {
			s.usageSent = true
			dst = s.appendRelay(dst, data, modelAt, modelEnd)
		}
		return dst, false
	}
	// Usage that came on a chunk with choices (or with filter annotations
	// only) gets a chunk of its own.
	if usage != nil {
		dst = s.appendUsageChunk(dst, usage)
	}
	return dst, false
}

// appendRelay appends the chunk data as an event, as it is but for the
// model, which is the alias.
func (s *Stream) appendRelay(dst, data []byte, modelAt, modelEnd int) []byte {
	dst = append(dst, "data: "...)
	if modelAt >= 0 {
		dst = append(dst, data[:modelAt]...)
		dst = jsonw.AppendString(dst, s.st.Model)
		dst = append(dst, data[modelEnd:]...)
	} else {
		dst = s.appendChunk(dst, data, nil, false)
	}
	return append(dst, "\n\n"...)
}

// emptyOrAbsentArray reports whether v is absent or an empty JSON array.
func emptyOrAbsentArray(v []byte) bool {
	if v == nil {
		return true
	}
	e, ok := jsonw.ArrayItems(v)
	if !ok {
		return false
	}
	_, more := e.Next()
	return !more
}

// scanChoices reads what the relay needs from a chunk's choices and runs
// each choice's content through its think splitter. relay is false when
// no choice has a delta or a finish_reason; rewrite is true when a choice
// must be written anew (its choiceState holds the new text).
func (s *Stream) scanChoices(choices []byte) (relay, rewrite, ok bool) {
	if choices == nil {
		return false, false, true
	}
	elems, ok := jsonw.ArrayItems(choices)
	if !ok {
		return false, false, false
	}
	// held counts the choices whose text the splitter holds back
	// entirely; a chunk of nothing else is not worth sending.
	relayed, held := 0, 0
	for c, more := elems.Next(); more; c, more = elems.Next() {
		m, ok := jsonw.ObjectMembers(c)
		if !ok {
			return false, false, false
		}
		var index, delta, finish, logprobs, filter []byte
		for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
			switch {
			case jsonw.KeyIs(k, "index"):
				index = v
			case jsonw.KeyIs(k, "delta"):
				delta = v
			case jsonw.KeyIs(k, "finish_reason"):
				finish = v
			case jsonw.KeyIs(k, "logprobs"):
				logprobs = v
			case jsonw.KeyIs(k, "content_filter_results"):
				filter = v
			}
		}
		finished := finish != nil && !jsonw.IsNull(finish)
		if delta == nil && !finished {
			if filter == nil {
				continue
			}
			// A filter annotation: relayed with an empty delta.
			if ch := s.choice(index); ch != nil {
				relayed++
				ch.r, ch.c, ch.rewrite = ch.r[:0], ch.c[:0], true
				rewrite = true
			}
			continue
		}
		relayed++
		s.finished = s.finished || finished
		ch := s.choice(index)
		if ch == nil || ch.think.Passing() {
			continue
		}
		ch.r, ch.c = ch.r[:0], ch.c[:0]
		var content, reasoning []byte
		others := 0 // delta members besides content
		if delta != nil {
			dm, ok := jsonw.ObjectMembers(delta)
			if !ok {
				return false, false, false
			}
			for k, v, ok := dm.Next(); ok; k, v, ok = dm.Next() {
				switch {
				case jsonw.KeyIs(k, "content"):
					if jsonw.IsString(v) {
						content = v
					}
					continue
				case jsonw.KeyIs(k, "reasoning_content"):
					if !jsonw.IsNull(v) {
						reasoning = v
					}
				}
				others++
			}
		}
		if reasoning != nil {
			// The model separates its reasoning itself.
			ch.r, ch.c = ch.think.Flush(ch.r, ch.c)
		}
		if content != nil {
			s.text = jsonw.AppendUnquoted(s.text[:0], content)
			ch.r, ch.c = ch.think.Feed(ch.r, ch.c, s.text)
			ch.rewrite = len(ch.r) > 0 || !bytes.Equal(ch.c, s.text)
		}
		if finished {
			n := len(ch.r) + len(ch.c)
			ch.r, ch.c = ch.think.Flush(ch.r, ch.c)
			ch.rewrite = ch.rewrite || len(ch.r)+len(ch.c) > n
		}
		if reasoning != nil && len(ch.r)+len(ch.c) > 0 {
			ch.rewrite = true
		}
		if ch.rewrite && len(ch.r)+len(ch.c) == 0 && others == 0 && !finished && (logprobs == nil || jsonw.IsNull(logprobs)) {
			held++
		}
		rewrite = rewrite || ch.rewrite
	}
	if relayed > 0 && held == relayed {
		for i := range s.choices {
			s.choices[i].rewrite = false
		}
		return false, false, true
	}
	return relayed > 0, rewrite, true
}

// choice returns the state of a choice index, nil beyond maxChoices.
func (s *Stream) choice(index []byte) *choiceState {
	i := 0
	if index != nil {
		var ok bool
		if i, ok = jsonw.Count(index); !ok {
			return nil
		}
	}
	if i >= maxChoices {
		return nil
	}
	for len(s.choices) <= i {
		s.choices = append(s.choices, choiceState{})
	}
	return &s.choices[i]
}

// done appends what ends a complete stream.
func (s *Stream) done(dst []byte) []byte {
	return s.end.Done(s.flushChoices(dst))
}

// End appends what follows the last event when the upstream body ended
// without [DONE]: the end of a complete stream if a finish_reason came,
// else an error event. A finish_reason is never made up: a client must
// not take a cut-off answer for a whole one.
func (s *Stream) End(dst []byte) []byte {
	switch {
	case s.end.Ended():
		return dst
	case !s.finished:
		return s.Fail(dst, translate.BadUpstream(accountPrefix(s.Upstream.Kind, s.Upstream.Account)+"the Azure stream ended before the response was complete"))
	}
	return s.done(dst)
}

func (s *Stream) malformed(dst []byte) ([]byte, bool) {
	return s.Fail(dst, translate.BadUpstream(accountPrefix(s.Upstream.Kind, s.Upstream.Account)+"Azure sent an unreadable stream chunk")), true
}
