package llmgateway

import (
	"net/http"
	"strconv"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// commit writes the reply of the attempt that succeeded: a whole answer,
// or a stream whose first bytes are in hand (all of it if ended), then
// the rest of it, each
// upstream event flushed as it arrives. From here on nothing is retried:
// a stream that fails now ends with an SSE error event.
func (rt *routing) commit(d *deployment, c *call, rep backend.Reply, first []byte, ended bool) {
	defer c.End()
	rt.answered = d
	d.state.observeLatency(c.TTFB())
	h := rt.w.Header()
	// A copy: a response header's values may be rewritten in place later
	// (Caddy's header directive replaces in place).
	h["X-Llm-Gateway-Model"] = []string{d.answeredBy}
	x := rt.x
	if rep.Stream == nil {
		x.sawFinish(rep.Parts[0])
		if x.price(d, rep.Usage, rep.Bill) {
			h[costHeader] = []string{formatCost(x.cost)}
		}
		writeJSONParts(rt.w, rep.Parts[:]...)
		c.endSpan(rep.Usage, x.finish, nil)
		rt.finish(d, rep.Usage, nil)
		return
	}
	defer rep.Stream.Close()
	if d.priced {
		// A stream's cost is known at its end: it follows as a trailer.
		h["Trailer"] = []string{costHeader}
	}
	sse := newSSEWriter(rt.w)
	out, end, err := first, ended, (*translate.Error)(nil)
	x.firstToken = time.Since(x.start)
	for {
		x.sawFinish(out)
		if sendErr := sse.send(out); sendErr != nil {
			err = backend.ErrClientGone
			break
		}
		if end {
			break
		}
		out, end, err = rep.Stream.Next(out[:0])
		if err == backend.ErrClientGone {
			break
		}
	}
	x.ended = time.Since(x.start)
	backend.OutBufs.Put(rt.out, out)
	rt.out = nil
	usage := rep.Stream.Usage()
	if x.price(d, usage, backend.Billing{}) && err != backend.ErrClientGone {
		h[costHeader] = []string{formatCost(x.cost)}
	}
	c.endSpan(usage, x.finish, err)
	rt.finish(d, usage, err)
}

// costHeader carries what an answer cost, in US dollars.
const costHeader = "X-Llm-Gateway-Cost"

// finish settles a committed attempt: the place it held, the tokens it
// spent, and a stream's failure, which counts against the deployment like
// any other even though the request cannot move on.
func (rt *routing) finish(d *deployment, usage translate.Usage, err *translate.Error) {
	rt.usage = usage
	d.release(usage.PromptTokens + usage.CompletionTokens)
	if err != nil {
		rt.x.errCode = firstNonEmpty(err.Code, err.Type)
	}
	switch {
	case err == nil:
	case err == backend.ErrClientGone:
		rt.gone = true
		rt.log(d, "client went away mid-stream")
	default:
		rt.fail(d, err)
	}
}

// writeJSONParts answers 200 with a JSON body sent in pieces, so a large
// answer is written from the upstream's own buffer, not from a copy.
func writeJSONParts(w http.ResponseWriter, parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(http.StatusOK)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}
