package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Every response is checked, so that a target answering errors, a short
// text or a stream without its end cannot look fast. The checks on every
// response are byte searches, cheap next to the servers' work; one
// response in fullEvery is also decoded whole with encoding/json, which
// catches malformed JSON around the members the searches look at.
const fullEvery = 64

// checkJSON checks a non-streaming chat completion: an object of type
// chat.completion whose one message content is exactly answerText and
// whose finish_reason is stop.
func checkJSON(body []byte, full bool) error {
	b := bytes.TrimSpace(body)
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return fmt.Errorf("not a JSON object: %s", snippet(body))
	}
	if obj, ok := stringField(b, `"object"`); !ok || string(obj) != "chat.completion" {
		return fmt.Errorf("object is not chat.completion: %s", snippet(body))
	}
	if n := bytes.Count(b, []byte(`"content"`)); n != 1 {
		return fmt.Errorf("%d content members, want 1: %s", n, snippet(body))
	}
	content, ok := stringField(b, `"content"`)
	if !ok {
		return fmt.Errorf("no content string: %s", snippet(body))
	}
	n, err := matchText(content, 0)
	if err != nil {
		return err
	}
	if n != textLen {
		return fmt.Errorf("content is %d bytes, want %d", n, textLen)
	}
	if fr, ok := stringField(b, `"finish_reason"`); !ok || string(fr) != "stop" {
		return fmt.Errorf("finish_reason is not stop: %s", snippet(body))
	}
	if !full {
		return nil
	}
	var v struct {
		Object  string `json:"object"`
		Choices []struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
			FinishReason string `json:"finish_reason"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("decoding the answer: %v", err)
	}
	if len(v.Choices) != 1 || v.Choices[0].Message.Content != answerText || v.Choices[0].FinishReason != "stop" {
		return fmt.Errorf("decoded answer differs from the expected one: %s", snippet(body))
	}
	return nil
}

// sseCheck follows a chat completion stream as it arrives: complete events
// are checked as soon as they are in, so the load generator knows when the
// first content arrived. Its zero value is ready for a stream.
type sseCheck struct {
	pos      int  // body bytes already checked
	textOff  int  // bytes of answerText received so far
	contents int  // events with non-empty content
	finishes int  // events with finish_reason "stop"
	done     bool // data: [DONE] seen
	full     bool // also decode every event with encoding/json
}

// feed checks the complete events in body[s.pos:]; body is everything
// received so far.
func (s *sseCheck) feed(body []byte) error {
	for {
		i := bytes.Index(body[s.pos:], []byte("\n\n"))
		if i < 0 {
			return nil
		}
		ev := body[s.pos : s.pos+i]
		s.pos += i + 2
		if err := s.event(ev); err != nil {
			return err
		}
	}
}

func (s *sseCheck) event(ev []byte) error {
	for line := range bytes.SplitSeq(ev, []byte("\n")) {
		if len(line) > 0 && line[0] == ':' {
			continue // a comment, such as a keep-alive
		}
		data, ok := bytes.CutPrefix(line, []byte("data: "))
		if !ok {
			return fmt.Errorf("not a data line: %s", snippet(line))
		}
		if s.done {
			return fmt.Errorf("an event after [DONE]: %s", snippet(line))
		}
		if string(data) == "[DONE]" {
			s.done = true
			continue
		}
		if err := s.chunk(data); err != nil {
			return err
		}
	}
	return nil
}

// chunk checks one chat.completion.chunk and takes its content.
func (s *sseCheck) chunk(data []byte) error {
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' {
		return fmt.Errorf("event data is not a JSON object: %s", snippet(data))
	}
	if obj, ok := stringField(data, `"object"`); !ok || string(obj) != "chat.completion.chunk" {
		return fmt.Errorf("event is not a chat.completion.chunk: %s", snippet(data))
	}
	var content []byte
	if d := bytes.Index(data, []byte(`"delta"`)); d >= 0 {
		content, _ = stringField(data[d:], `"content"`)
	}
	if len(content) > 0 {
		n, err := matchText(content, s.textOff)
		if err != nil {
			return err
		}
		s.textOff += n
		s.contents++
	}
	if fr, ok := stringField(data, `"finish_reason"`); ok {
		if string(fr) != "stop" {
			return fmt.Errorf("finish_reason %q, want stop", fr)
		}
		s.finishes++
	}
	if s.full {
		var v struct {
			Choices []struct {
				Delta struct {
					Content string `json:"content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("decoding an event: %v", err)
		}
		if len(v.Choices) > 0 && v.Choices[0].Delta.Content != unescaped(content) {
			return fmt.Errorf("decoded event content differs: %s", snippet(data))
		}
	}
	return nil
}

// end checks the stream once the body is complete.
func (s *sseCheck) end(body []byte) error {
	switch {
	case s.pos != len(body):
		return fmt.Errorf("the stream ends inside an event: %s", snippet(body[s.pos:]))
	case !s.done:
		return errors.New("the stream has no data: [DONE]")
	case s.textOff != textLen:
		return fmt.Errorf("the stream's content is %d bytes, want %d", s.textOff, textLen)
	case s.contents != streamEvents:
		return fmt.Errorf("%d content events, want %d", s.contents, streamEvents)
	case s.finishes != 1:
		return fmt.Errorf("%d events with finish_reason, want 1", s.finishes)
	}
	return nil
}

// matchText checks that a raw JSON string's text continues answerText at
// byte off, and returns its length.
func matchText(raw []byte, off int) (int, error) {
	text := raw
	if bytes.IndexByte(raw, '\\') >= 0 {
		text = []byte(unescaped(raw))
	}
	if len(text) > textLen-off || string(text) != answerText[off:off+len(text)] {
		return 0, fmt.Errorf("content differs from the expected text at byte %d: %s", off, snippet(raw))
	}
	return len(text), nil
}

// stringField returns the raw text of the first member named by quoted
// (the name in its quotes, as in the JSON) in b, if its value is a string.
// It is a byte search, not a parser: the documents checked here have no
// such names inside their strings.
func stringField(b []byte, quoted string) ([]byte, bool) {
	i := bytes.Index(b, []byte(quoted))
	if i < 0 {
		return nil, false
	}
	rest := bytes.TrimLeft(b[i+len(quoted):], " \t\r\n")
	rest, ok := bytes.CutPrefix(rest, []byte(":"))
	if !ok {
		return nil, false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' {
		return nil, false
	}
	for j := 1; j < len(rest); j++ {
		switch rest[j] {
		case '\\':
			j++
		case '"':
			return rest[1:j], true
		}
	}
	return nil, false
}

// unescaped decodes the inside of a JSON string.
func unescaped(raw []byte) string {
	var s string
	if err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s); err != nil {
		return "\x00invalid string"
	}
	return s
}

// snippet shortens a body for an error message.
func snippet(b []byte) string {
	const max = 200
	if len(b) > max {
		return fmt.Sprintf("%q...", b[:max])
	}
	return fmt.Sprintf("%q", b)
}
