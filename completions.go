package llmgateway

import (
	"io"
	"net/http"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// serveCompletions answers the legacy text completions endpoint, POST
// /v1/completions: prompt-based InvokeModel families get the prompt as it
// is; every other route gets it as a chat of one user message, and its
// answer is rewritten as a text completion.
func (g *Gateway) serveCompletions(w http.ResponseWriter, r *http.Request) {
	buf, terr := g.readBody(w, r)
	defer putBody(buf)
	if terr != nil {
		writeError(w, terr)
		return
	}
	req, terr := translate.ParseTextRequest(buf.Bytes())
	if terr != nil {
		writeError(w, terr)
		return
	}
	p := g.resolve(w, req.Model, endpointCompletions, req.Stream)
	if p == nil {
		return
	}
	g.route(w, r, p, endpointCompletions, req.Stream, func(c *call) (reply, *translate.Error) {
		return c.d.backend.complete(c, req)
	})
}

// completeAsChat answers a text completion through a chat backend: the
// prompt as one user message, the answer rewritten as a text completion.
func completeAsChat(c *call, req *translate.TextRequest, chat func(*call, *translate.ChatRequest) (reply, *translate.Error)) (reply, *translate.Error) {
	if req.Suffix != "" {
		return reply{}, translate.Unsupported("suffix", "chat models")
	}
	creq, terr := req.Chat()
	if terr != nil {
		return reply{}, terr
	}
	rep, terr := chat(c, creq)
	if terr != nil {
		return reply{}, terr
	}
	if rep.stream != nil {
		rep.stream = &textEvents{eventSource: rep.stream}
		return rep, nil
	}
	var whole []byte
	for _, p := range rep.parts {
		whole = append(whole, p...)
	}
	out, terr := translate.TextFromChat(make([]byte, 0, len(whole)), whole)
	if terr != nil {
		return reply{}, terr
	}
	return reply{parts: [3][]byte{out}, usage: rep.usage}, nil
}

// textEvents rewrites a chat stream's events as text_completion chunks.
type textEvents struct {
	eventSource
	scratch []byte
}

func (t *textEvents) next(dst []byte) ([]byte, bool, *translate.Error) {
	out, end, err := t.eventSource.next(t.scratch[:0])
	t.scratch = out
	return translate.TextChunks(dst, out), end, err
}

// replayAsStream turns a whole chat answer into the stream a client
// asked for.
func replayAsStream(rep reply, includeUsage bool) (reply, *translate.Error) {
	var whole []byte
	for _, p := range rep.parts {
		whole = append(whole, p...)
	}
	out, usage, terr := translate.Replay(nil, whole, includeUsage)
	if terr != nil {
		return reply{}, terr
	}
	return reply{stream: &replayed{events: out, u: usage}}, nil
}

// replayed is a stream whose events are all in hand.
type replayed struct {
	events []byte
	u      translate.Usage
}

func (r *replayed) next(dst []byte) ([]byte, bool, *translate.Error) {
	return append(dst, r.events...), true, nil
}

func (r *replayed) usage() translate.Usage { return r.u }

func (r *replayed) close() {}

// errNotServed answers an endpoint a backend does not serve; resolve
// refuses such requests first, so it means a bug.
var errNotServed = &translate.Error{Status: http.StatusInternalServerError, Type: translate.ErrServer,
	Message: "this model does not serve this endpoint"}

// readCloser is an upstream answer's body.
type readCloser = io.ReadCloser
