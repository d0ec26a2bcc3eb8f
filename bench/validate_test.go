package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

func TestCheckJSON(t *testing.T) {
	good := string(newFake().openAIJSON)
	for i, tc := range []struct {
		body    string
		wantErr string
	}{
		{body: good},
		{body: " \n" + good + "\n"},
		{body: strings.Replace(good, `"content":"`, `"content" : "`, 1)},
		// An escaped character decodes to the same text.
		{body: strings.Replace(good, `"content":"The`, `"content":"\u0054he`, 1)},
		{body: strings.Replace(good, answerText, answerText[:textLen-1], 1), wantErr: "content is 1023 bytes"},
		{body: strings.Replace(good, answerText, answerText+"!", 1), wantErr: "differs"},
		{body: strings.Replace(good, "dog", "cat", 1), wantErr: "differs"},
		{body: strings.Replace(good, `"stop"`, `"length"`, 1), wantErr: "finish_reason"},
		{body: strings.Replace(good, `"chat.completion"`, `"list"`, 1), wantErr: "object"},
		{body: `{"error":{"message":"Bedrock said no","type":"server_error"}}`, wantErr: "object"},
		{body: good[:len(good)-5], wantErr: "not a JSON object"},
		{body: strings.Replace(good, `"usage"`, `"message":{"content":"x"},"usage"`, 1), wantErr: "2 content members"},
	} {
		for _, full := range []bool{false, true} {
			err := checkJSON([]byte(tc.body), full)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("%d (full %v): %v", i, full, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("%d (full %v): got %v, want an error with %q", i, full, err, tc.wantErr)
			}
		}
	}
	// Malformed JSON around the members the searches look at is caught
	// by the full decode.
	broken := strings.Replace(good, `"index":0`, `"index":0,,`, 1)
	if checkJSON([]byte(broken), false) != nil || checkJSON([]byte(broken), true) == nil {
		t.Error("a full check must catch what the byte searches cannot")
	}
}

func goodStream() string {
	var b strings.Builder
	for _, ev := range newFake().sseEvents {
		b.Write(ev)
	}
	return b.String()
}

// checkStream feeds body in pieces of n bytes, as chunks arrive, and
// reports when the first content was complete.
func checkStream(body string, n int, full bool) (firstContentAt int, err error) {
	s := sseCheck{full: full}
	firstContentAt = -1
	for end := n; ; end += n {
		end = min(end, len(body))
		if err := s.feed([]byte(body[:end])); err != nil {
			return firstContentAt, err
		}
		if firstContentAt < 0 && s.contents > 0 {
			firstContentAt = end
		}
		if end == len(body) {
			return firstContentAt, s.end([]byte(body))
		}
	}
}

func TestSSECheck(t *testing.T) {
	good := goodStream()
	events := strings.SplitAfter(good, "\n\n")
	for i, tc := range []struct {
		body    string
		wantErr string
	}{
		{body: good},
		{body: ": keep-alive\n\n" + good},
		{body: strings.Replace(good, "data: [DONE]\n\n", "", 1), wantErr: "no data: [DONE]"},
		{body: good + events[1], wantErr: "after [DONE]"},
		{body: strings.Replace(good, events[5], "", 1), wantErr: "differs"},
		{body: strings.Replace(good, events[32], "", 1), wantErr: "content is 992 bytes"},
		{body: strings.Join(events[:33], "") + `data: {"error":{"message":"throttled"}}` + "\n\n", wantErr: "not a chat.completion.chunk"},
		{body: strings.Replace(good, `"finish_reason":"stop"`, `"finish_reason":"length"`, 1), wantErr: "finish_reason"},
		{body: strings.Replace(good, `"finish_reason":"stop"`, `"finish_reason":null`, 1), wantErr: "0 events with finish_reason"},
		{body: strings.TrimSuffix(good, "\n"), wantErr: "ends inside an event"},
		{body: strings.Replace(good, "data: {", "event: x\ndata: {", 1), wantErr: "not a data line"},
		// The same text in fewer events is not the stream asked for.
		{body: strings.Replace(good, events[1]+events[2], strings.Replace(events[1], piece(0), piece(0)+piece(1), 1), 1),
			wantErr: "31 content events"},
	} {
		for _, n := range []int{1, 7, len(tc.body)} {
			_, err := checkStream(tc.body, n, n == 7)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("%d (pieces of %d): %v", i, n, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("%d (pieces of %d): got %v, want an error with %q", i, n, err, tc.wantErr)
			}
		}
	}
	// The first content is seen as soon as its event is complete, not
	// at the end of the stream.
	at, err := checkStream(good, 1, false)
	if want := len(events[0]) + len(events[1]); err != nil || at != want {
		t.Errorf("first content seen at byte %d (%v), want %d", at, err, want)
	}
}

// TestFakeFrames: the fake's Bedrock stream decodes with the SDK's decoder
// and every payload carries Bedrock's "p" padding.
func TestFakeFrames(t *testing.T) {
	f := newFake()
	var text strings.Builder
	dec := eventstream.NewDecoder()
	for i, frame := range f.frames {
		m, err := dec.Decode(bytes.NewReader(frame), nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if !bytes.Contains(m.Payload, []byte(`,"p":"`)) {
			t.Errorf("frame %d has no padding: %s", i, m.Payload)
		}
		if m.Headers.Get(":event-type").String() == "contentBlockDelta" {
			d, _ := stringField(m.Payload, `"text"`)
			text.Write(d)
		}
	}
	if len(f.frames) != streamEvents+4 || text.String() != answerText {
		t.Errorf("%d frames carrying %d bytes of text, want %d frames and the %d-byte text",
			len(f.frames), text.Len(), streamEvents+4, textLen)
	}
}
