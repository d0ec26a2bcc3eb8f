// Package fakebedrock is an in-process stand-in for the Bedrock runtime
// Converse API, for tests. Like the real service it recomputes every SigV4
// signature, answers unknown models with 404, reports errors with an
// x-amzn-errortype header and a JSON message, and streams real
// event-stream frames, one flush per frame.
package fakebedrock

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/disconnect"
)

// Test credentials the server accepts by default. They are the example keys
// from the AWS documentation, never real ones.
const (
	DefaultAccessKeyID     = "AKIDEXAMPLE"
	DefaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	DefaultRegion          = "us-east-1"
)

// Server is a fake Bedrock runtime. Set Region, Creds and PadPayloads before
// sending requests; they are read without locking.
type Server struct {
	// URL is the base URL of the server, to use as an account endpoint.
	URL string
	// Region is the signing region the server expects.
	Region string
	// Creds are the only credentials the server accepts. When SessionToken
	// is set, requests must carry it as X-Amz-Security-Token.
	Creds aws.Credentials
	// PadPayloads adds the "p" padding field AWS puts in stream event
	// payloads, so consumers prove they ignore unknown fields.
	PadPayloads bool
	// APIKey, when set, is an Amazon Bedrock API key the server also
	// accepts, as "Authorization: Bearer <key>" instead of a signature.
	APIKey string

	srv    *httptest.Server
	signer *v4.Signer
	watch  *disconnect.Watch
	reqSeq atomic.Uint64

	mu       sync.Mutex
	replies  map[string][]Reply // a model's scripted replies, in turn
	served   map[string]int     // how many requests each model has had
	requests []Request
}

// Reply is the scripted answer for one model. A Status outside 2xx makes it
// an error reply; otherwise JSON answers /converse, /invoke and /rerank, and Events
// answer /converse-stream and /invoke-with-response-stream. On an invoke
// stream each event's Payload is the model's own JSON chunk, sent as
// InvokeModelWithResponseStream does: a "chunk" event whose payload is
// {"bytes": base64(Payload)}; exceptions go out as they are.
type Reply struct {
	// JSON is the body of a successful /converse reply.
	JSON string
	// Events are the frames of a successful /converse-stream reply.
	Events []Event
	// Status, ErrorType and Message make an error reply the way AWS sends
	// one. An empty ErrorType is derived from Status.
	Status    int
	ErrorType string
	Message   string
	// Header is set on the reply, success or error (e.g. Retry-After).
	Header http.Header
	// Delay holds the whole reply back; a client going away meanwhile
	// signals Canceled.
	Delay time.Duration
	// Reset closes the connection instead of answering (after Delay).
	Reset bool
	// Answer, when set, makes the reply from the request's body instead:
	// each of many calls to one model (an embeddings fan-out) gets the
	// answer for what it asked.
	Answer func(body []byte) Reply
}

// Event is one event-stream frame of a streaming reply.
type Event struct {
	// Type is the :event-type (e.g. "contentBlockDelta"), or the
	// :exception-type when Exception is set (e.g. "throttlingException").
	Type string
	// Payload is the frame's JSON payload.
	Payload string
	// Exception sends the frame with :message-type "exception".
	Exception bool
	// Delay is slept before the frame is written.
	Delay time.Duration
	// Block ends the script here: nothing of this event is written, and
	// the server waits for the client to go away, then signals Canceled.
	Block bool
	// Break ends the script by closing the connection mid-stream.
	Break bool
}

// Request is one request as the server received it.
type Request struct {
	Method string
	// Path is the unescaped path; RawPath is the path as sent on the wire.
	Path    string
	RawPath string
	// ModelID is the unescaped model ID or ARN; Operation is "converse",
	// "converse-stream", "invoke", "invoke-with-response-stream", or
	// "rerank", whose ModelID is the model ARN its body names. Both are
	// empty when the path matched none.
	ModelID   string
	Operation string
	Header    http.Header
	Body      []byte
}

// New starts a fake Bedrock runtime that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		Region: DefaultRegion,
		Creds: aws.Credentials{
			AccessKeyID:     DefaultAccessKeyID,
			SecretAccessKey: DefaultSecretAccessKey,
			Source:          "fakebedrock",
		},
		signer:  v4.NewSigner(),
		watch:   disconnect.New(),
		replies: make(map[string][]Reply),
		served:  make(map[string]int),
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	t.Cleanup(func() {
		s.watch.Close()
		s.srv.Close()
	})
	return s
}

// Handle scripts the reply for modelID, the unescaped model ID or ARN.
// A later call for the same model replaces the reply.
func (s *Server) Handle(modelID string, r Reply) { s.HandleSequence(modelID, r) }

// HandleSequence scripts the replies for modelID's requests in turn: the
// first request gets the first reply, and so on; the last one answers
// every request after it. It starts the count afresh.
func (s *Server) HandleSequence(modelID string, replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies[modelID] = replies
	s.served[modelID] = 0
}

// Requests returns a copy of every request received so far, in order,
// including rejected ones.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header = r.Header.Clone()
		r.Body = append([]byte(nil), r.Body...)
		out[i] = r
	}
	return out
}

// Canceled receives one value each time a reply is cut short because the
// client went away (its request context was cancelled), so tests can prove
// that a disconnect reaches upstream.
func (s *Server) Canceled() <-chan struct{} { return s.watch.Canceled() }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Amzn-Requestid", s.requestID())

	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away mid-body
	}
	modelID, op := route(r.URL.EscapedPath())
	var invalid string
	if op == "" {
		modelID, op, invalid = agentRoute(r.URL.EscapedPath(), body)
	}
	s.record(Request{
		Method:    r.Method,
		Path:      r.URL.Path,
		RawPath:   r.URL.EscapedPath(),
		ModelID:   modelID,
		Operation: op,
		Header:    r.Header.Clone(),
		Body:      body,
	})

	if e := s.authenticate(r, body); e != nil {
		e.write(w, nil)
		return
	}
	if r.Method != http.MethodPost || op == "" {
		(&apiError{Status: http.StatusNotFound, Type: "UnknownOperationException"}).write(w, nil)
		return
	}
	if invalid != "" {
		(&apiError{Status: http.StatusBadRequest, Message: invalid}).write(w, nil)
		return
	}
	s.mu.Lock()
	script, ok := s.replies[modelID]
	var reply Reply
	if ok {
		reply = script[min(s.served[modelID], len(script)-1)]
		s.served[modelID]++
	}
	s.mu.Unlock()
	if ok && reply.Answer != nil {
		reply = reply.Answer(body)
	}
	if !ok {
		(&apiError{
			Status:  http.StatusNotFound,
			Type:    "ResourceNotFoundException",
			Message: "Model not found: " + modelID,
		}).write(w, nil)
		return
	}
	if reply.Delay > 0 && !s.watch.Sleep(r.Context(), reply.Delay) {
		return
	}
	if reply.Reset {
		// net/http closes the connection without an answer, as a
		// crashed upstream or a proxy giving up would.
		panic(http.ErrAbortHandler)
	}
	switch {
	case reply.Status != 0 && (reply.Status < 200 || reply.Status > 299):
		(&apiError{Status: reply.Status, Type: reply.ErrorType, Message: reply.Message}).write(w, reply.Header)
	case op == opConverse || op == opInvoke || op == opRerank:
		writeJSON(w, reply)
	default:
		s.stream(w, r, reply, op == opInvokeStream)
	}
}

const (
	opConverse       = "converse"
	opConverseStream = "converse-stream"
	opInvoke         = "invoke"
	opInvokeStream   = "invoke-with-response-stream"
)

// route finds the model and operation in an escaped path ending in
// /model/{id}/{operation}. Anything before that is ignored, so a client
// with a path prefix on its endpoint still routes.
func route(escapedPath string) (modelID, op string) {
	segs := strings.Split(escapedPath, "/")
	n := len(segs)
	if n < 3 || segs[n-3] != "model" {
		return "", ""
	}
	switch segs[n-1] {
	case opConverse, opConverseStream, opInvoke, opInvokeStream:
	default:
		return "", ""
	}
	id, err := url.PathUnescape(segs[n-2])
	if err != nil || id == "" {
		return "", ""
	}
	return id, segs[n-1]
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

func (s *Server) requestID() string {
	n := s.reqSeq.Add(1)
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
}
