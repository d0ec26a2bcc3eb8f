package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// The fake upstream runs in a process of its own (this binary, started
// with the argument "fake"), so the CPU it spends is not counted against
// the gateway, the reverse proxy or the load generator. It serves:
//
//	POST .../model/{id}/converse          Bedrock Converse JSON
//	POST .../model/{id}/converse-stream   Bedrock ConverseStream event-stream frames
//	POST .../chat/completions             OpenAI-shaped JSON, or SSE with "stream":true
//	POST /_bench/hold?on=1|0              streams stop after their first content event and stay open
//	GET  /_bench/conns                    connections accepted so far
//
// It checks nothing (no SigV4, no api-key): it is a benchmark's upstream,
// and every answer is encoded once, at start.
type fake struct {
	converseJSON []byte
	frames       [][]byte // one event-stream frame per event
	openAIJSON   []byte
	sseEvents    [][]byte // one "data: ...\n\n" per event

	hold  atomic.Bool
	conns atomic.Int64
	bufs  sync.Pool
}

// heldEvents is how many events a held stream sends before waiting: the
// role or messageStart event and the first content event, so the client
// sees a first token through every target.
const heldEvents = 2

func newFake() *fake {
	f := &fake{bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	f.converseJSON = []byte(`{"output":{"message":{"role":"assistant","content":[{"text":"` + answerText +
		`"}]}},"stopReason":"end_turn","usage":{"inputTokens":24,"outputTokens":256,"totalTokens":280},` +
		`"metrics":{"latencyMs":412}}`)

	payloads := []struct{ typ, json string }{{"messageStart", `{"role":"assistant"}`}}
	for i := range streamEvents {
		payloads = append(payloads, struct{ typ, json string }{"contentBlockDelta",
			`{"contentBlockIndex":0,"delta":{"text":"` + piece(i) + `"}}`})
	}
	payloads = append(payloads,
		struct{ typ, json string }{"contentBlockStop", `{"contentBlockIndex":0}`},
		struct{ typ, json string }{"messageStop", `{"stopReason":"end_turn"}`},
		struct{ typ, json string }{"metadata", `{"usage":{"inputTokens":24,"outputTokens":256,"totalTokens":280},"metrics":{"latencyMs":412}}`})
	enc := eventstream.NewEncoder()
	for i, p := range payloads {
		var m eventstream.Message
		m.Headers.Set(":event-type", eventstream.StringValue(p.typ))
		m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
		m.Headers.Set(":message-type", eventstream.StringValue("event"))
		m.Payload = []byte(padded(p.json, i))
		var b bytes.Buffer
		if err := enc.Encode(&b, m); err != nil {
			panic(err) // a fixed message cannot fail to encode
		}
		f.frames = append(f.frames, b.Bytes())
	}

	// The OpenAI shape mirrors what the gateway makes of the Bedrock
	// answer: the same text, a role event, 32 content events, a finish
	// event with usage, then [DONE].
	const head = `{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"` + fakeModel + `","choices":[{"index":0,"delta":`
	f.openAIJSON = []byte(`{"id":"chatcmpl-bench","object":"chat.completion","created":1767225600,"model":"` + fakeModel +
		`","choices":[{"index":0,"message":{"role":"assistant","content":"` + answerText +
		`"},"finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":256,"total_tokens":280}}`)
	event := func(s string) []byte { return []byte("data: " + s + "\n\n") }
	f.sseEvents = append(f.sseEvents, event(head+`{"role":"assistant","content":""},"finish_reason":null}]}`))
	for i := range streamEvents {
		f.sseEvents = append(f.sseEvents, event(head+`{"content":"`+piece(i)+`"},"finish_reason":null}]}`))
	}
	f.sseEvents = append(f.sseEvents,
		event(head+`{},"finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":256,"total_tokens":280}}`),
		event("[DONE]"))
	return f
}

// padded adds the "p" member Bedrock puts in every event payload to hide
// the length of the text, varying its length per event as AWS does.
func padded(payload string, i int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	return strings.TrimSuffix(payload, "}") + `,"p":"` + alphabet[:1+(i*7)%len(alphabet)] + `"}`
}

// runFake serves on a loopback port and prints "listening <addr>" for the
// parent, then serves until killed.
func runFake(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	f := newFake()
	srv := &http.Server{
		Handler: f,
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				f.conns.Add(1)
			}
		},
	}
	fmt.Fprintf(os.Stdout, "listening %s\n", ln.Addr())
	return srv.Serve(ln)
}

var (
	ctJSON   = []string{"application/json"}
	ctSSE    = []string{"text/event-stream"}
	ctStream = []string{"application/vnd.amazon.eventstream"}
)

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case strings.HasSuffix(path, "/converse"):
		_, _ = io.Copy(io.Discard, r.Body)
		f.writeJSON(w, f.converseJSON)
	case strings.HasSuffix(path, "/converse-stream"):
		_, _ = io.Copy(io.Discard, r.Body)
		f.stream(w, r, ctStream, f.frames)
	case strings.HasSuffix(path, "/chat/completions"):
		buf := f.bufs.Get().(*bytes.Buffer)
		buf.Reset()
		_, _ = buf.ReadFrom(r.Body)
		// The gateway and the load generator both write compact JSON.
		stream := bytes.Contains(buf.Bytes(), []byte(`"stream":true`))
		f.bufs.Put(buf)
		if stream {
			f.stream(w, r, ctSSE, f.sseEvents)
		} else {
			f.writeJSON(w, f.openAIJSON)
		}
	case path == "/_bench/hold":
		f.hold.Store(r.URL.Query().Get("on") == "1")
	case path == "/_bench/conns":
		_, _ = io.WriteString(w, strconv.FormatInt(f.conns.Load(), 10))
	default:
		http.NotFound(w, r)
	}
}

func (f *fake) writeJSON(w http.ResponseWriter, body []byte) {
	h := w.Header()
	h["Content-Type"] = ctJSON
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	_, _ = w.Write(body)
}

// stream writes one event per flush, as the real services send them, so a
// proxy in between sees 32 small writes rather than one large one.
func (f *fake) stream(w http.ResponseWriter, r *http.Request, ct []string, events [][]byte) {
	w.Header()["Content-Type"] = ct
	fl := w.(http.Flusher)
	if f.hold.Load() {
		for _, ev := range events[:heldEvents] {
			_, _ = w.Write(ev)
			fl.Flush()
		}
		<-r.Context().Done() // until the client goes away
		return
	}
	for _, ev := range events {
		if _, err := w.Write(ev); err != nil {
			return
		}
		fl.Flush()
	}
}
