package bedrockbackend

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
)

// maxEmbeddingCalls bounds the calls one request has in flight: Titan and
// Nova embed one input per call, so a request of 2048 inputs is 2048
// calls, and all at once would spend the account's request quota in a
// burst and fail on throttling.
const maxEmbeddingCalls = 8

// embeddingCalls makes the InvokeModel calls of one request: one per
// span of the plan, up to maxEmbeddingCalls at a time, each answer's
// vectors put in their inputs' places. The first call that fails fails
// the request with its error and cancels the others; every call has
// ended when all returns.
type embeddingCalls struct {
	c    *backend.Call
	b    *bedrockLine
	f    embeddings.Family
	req  *embeddings.Request
	opts *embeddings.Options

	ctx     context.Context
	vecs    [][]byte
	tokens  atomic.Int64
	read    atomic.Int64 // answer bytes read, against max_response_body
	headers sync.Once
}

func (r *embeddingCalls) all(spans []embeddings.Span) ([][]byte, int, *translate.Error) {
	r.vecs = make([][]byte, len(r.req.Inputs))
	if len(spans) == 1 {
		// Most requests: no goroutine, no derived context.
		r.ctx = r.c.Context()
		if terr := r.one(spans[0]); terr != nil {
			return nil, 0, terr
		}
		return r.vecs, int(r.tokens.Load()), nil
	}
	ctx, cancel := context.WithCancel(r.c.Context())
	defer cancel()
	r.ctx = ctx
	var (
		next   atomic.Int64
		failed sync.Once
		first  *translate.Error
		wg     sync.WaitGroup
	)
	for range min(maxEmbeddingCalls, len(spans)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(spans) && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				if terr := r.one(spans[i]); terr != nil {
					failed.Do(func() { first = terr })
					cancel()
					return
				}
			}
		})
	}
	wg.Wait()
	if first == nil && r.c.Context().Err() != nil {
		// The client left or a timeout expired before any call failed.
		first = r.b.failure(r.c, r.c.Context().Err())
	}
	if first != nil {
		return nil, 0, first
	}
	return r.vecs, int(r.tokens.Load()), nil
}

// one makes the call that embeds the inputs of s.
func (r *embeddingCalls) one(s embeddings.Span) *translate.Error {
	inputs := r.req.Inputs[s.Lo:s.Hi]
	body := r.f.Body(make([]byte, 0, bodySize(inputs)), r.req, r.opts, inputs)
	r.b.logRequest("invoke", false, body)
	resp, err := r.b.acct.Invoke(r.ctx, r.b.modelID, false, body)
	r.headers.Do(func() { r.c.Headers(resp, err) })
	if err != nil {
		return r.b.failure(r.c, err)
	}
	defer backend.DrainAndClose(resp.Body)
	raw, terr := r.b.readAnswer(r.c, resp)
	if terr != nil {
		return terr
	}
	// The vectors of all calls are kept for the list: max_response_body
	// bounds their sum, not each answer.
	if r.read.Add(int64(len(raw))) > r.b.env.MaxAnswer {
		return backend.AnswerTooLarge("Bedrock", r.b.env.MaxAnswer)
	}
	got, tokens, terr := r.f.Answer(raw, r.req, len(inputs), r.vecs[s.Lo:s.Lo:s.Hi])
	if terr != nil {
		return terr
	}
	if len(got) != len(inputs) {
		return embeddings.Unreadable()
	}
	if tokens < 0 {
		// Cohere and Nova count in InvokeModel's headers only.
		tokens, _ = strconv.Atoi(resp.Header.Get("X-Amzn-Bedrock-Input-Token-Count"))
	}
	r.tokens.Add(int64(tokens))
	return nil
}

// bodySize is room for a call's body: its inputs and the parameters.
func bodySize(inputs []embeddings.Input) int {
	n := 256
	for i := range inputs {
		n += len(inputs[i].Text) + len(inputs[i].Data) + 32
	}
	return n
}
