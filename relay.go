package llmgateway

import (
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// commit writes the reply of the attempt that succeeded: a whole answer,
// or a stream whose first bytes are in hand (all of it if ended), then
// the rest of it, each
// upstream event flushed as it arrives. From here on nothing is retried:
// a stream that fails now ends with an SSE error event.
func (rt *routing) commit(d *deployment, c *call, rep reply, first []byte, ended bool) {
	defer c.end()
	rt.answered = d
	d.state.observeLatency(c.ttfb)
	h := rt.w.Header()
	// A copy: a response header's values may be rewritten in place later
	// (Caddy's header directive replaces in place).
	h["X-Llm-Gateway-Model"] = []string{d.answeredBy}
	x := rt.x
	if rep.stream == nil {
		x.sawFinish(rep.parts[0])
		if x.price(d, rep.usage, rep.bill) {
			h[costHeader] = []string{formatCost(x.cost)}
		}
		writeJSONParts(rt.w, rep.parts[:]...)
		c.endSpan(rep.usage, x.finish, nil)
		rt.finish(d, rep.usage, nil)
		return
	}
	defer rep.stream.close()
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
			err = errClientGone
			break
		}
		if end {
			break
		}
		out, end, err = rep.stream.next(out[:0])
		if err == errClientGone {
			break
		}
	}
	x.ended = time.Since(x.start)
	outBufs.put(rt.out, out)
	rt.out = nil
	usage := rep.stream.usage()
	if x.price(d, usage, billing{}) && err != errClientGone {
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
	case err == errClientGone:
		rt.gone = true
		rt.log(d, "client went away mid-stream")
	default:
		rt.fail(d, err)
	}
}
