package fakebedrock

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// Error type namespaces as they appear after the ':' in x-amzn-errortype.
const (
	nsBedrock = "http://internal.amazon.com/coral/com.amazon.bedrock/"
	nsCoral   = "http://internal.amazon.com/coral/com.amazon.coral.service/"
)

// apiError is an error reply in the shape AWS JSON services use.
type apiError struct {
	Status    int
	Type      string // empty: derived from Status
	Message   string
	Namespace string // empty: nsBedrock
	// UpperMessage writes the body key as "Message", which the front door
	// uses for some authentication errors.
	UpperMessage bool
}

func (e *apiError) write(w http.ResponseWriter, extra http.Header) {
	typ, ns := e.Type, e.Namespace
	if typ == "" {
		typ = typeForStatus(e.Status)
	}
	if ns == "" {
		ns = nsBedrock
	}
	key := "message"
	if e.UpperMessage {
		key = "Message"
	}
	body, _ := json.Marshal(map[string]string{key: e.Message})

	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-Errortype", typ+":"+ns)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	copyHeader(h, extra)
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// typeForStatus is the exception Bedrock uses for a status.
func typeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "ValidationException"
	case http.StatusForbidden:
		return "AccessDeniedException"
	case http.StatusNotFound:
		return "ResourceNotFoundException"
	case http.StatusRequestTimeout:
		return "ModelTimeoutException"
	case http.StatusFailedDependency:
		return "ModelErrorException"
	case http.StatusTooManyRequests:
		return "ThrottlingException"
	case http.StatusServiceUnavailable:
		return "ServiceUnavailableException"
	default:
		return "InternalServerException"
	}
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
}

func writeJSON(w http.ResponseWriter, r Reply) {
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(r.JSON)))
	copyHeader(h, r.Header)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(r.JSON))
}

// stream writes r.Events as event-stream frames, flushing each one so the
// client sees them as they would arrive from AWS.
func (s *Server) stream(w http.ResponseWriter, req *http.Request, r Reply, invoke bool) {
	ctx := req.Context()
	h := w.Header()
	h.Set("Content-Type", "application/vnd.amazon.eventstream")
	copyHeader(h, r.Header)
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	flush := func() {
		if flusher != nil {
			flusher.Flush()
		}
	}
	flush()

	enc := eventstream.NewEncoder() // holds buffers: one per stream
	for i, ev := range r.Events {
		if ev.Delay > 0 && !s.watch.Sleep(ctx, ev.Delay) {
			return
		}
		if ev.Block {
			s.watch.WaitGone(ctx)
			return
		}
		if ev.Break {
			// net/http closes the connection mid-body, as a broken
			// network or a crashed proxy would.
			panic(http.ErrAbortHandler)
		}
		if invoke && !ev.Exception {
			ev = Event{Type: "chunk", Payload: `{"bytes":"` + base64.StdEncoding.EncodeToString([]byte(ev.Payload)) + `"}`}
		}
		if err := enc.Encode(w, s.frame(i, ev)); err != nil {
			s.watch.WaitGone(ctx) // a failed write means the client is leaving
			return
		}
		flush()
	}
}

func (s *Server) frame(i int, ev Event) eventstream.Message {
	m := Frame(ev)
	if s.PadPayloads && !ev.Exception {
		m.Payload = pad(m.Payload, i)
	}
	return m
}

// Frame is the frame Bedrock sends for ev, unpadded. Its Delay, Block and
// Break are the server's script, not the frame's.
func Frame(ev Event) eventstream.Message {
	var m eventstream.Message
	if ev.Exception {
		m.Headers.Set(":message-type", eventstream.StringValue("exception"))
		m.Headers.Set(":exception-type", eventstream.StringValue(ev.Type))
	} else {
		m.Headers.Set(":message-type", eventstream.StringValue("event"))
		m.Headers.Set(":event-type", eventstream.StringValue(ev.Type))
	}
	m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	m.Payload = []byte(ev.Payload)
	return m
}

// Encode encodes the frames of events as Bedrock sends them, for tests
// that read a stream without a server in front of it.
func Encode(tb testing.TB, events ...Event) []byte {
	tb.Helper()
	var b bytes.Buffer
	enc := eventstream.NewEncoder()
	for _, ev := range events {
		if err := enc.Encode(&b, Frame(ev)); err != nil {
			tb.Fatal(err)
		}
	}
	return b.Bytes()
}

const padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// pad adds a "p" field to a JSON object payload the way AWS does, with a
// length that varies by frame. Anything that is not an object is left alone.
func pad(payload []byte, i int) []byte {
	s := strings.TrimSpace(string(payload))
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return payload
	}
	p := `"p":"` + padding[:1+(i*7)%len(padding)] + `"`
	inner := strings.TrimSpace(s[1 : len(s)-1])
	if inner == "" {
		return []byte("{" + p + "}")
	}
	return []byte("{" + inner + "," + p + "}")
}
