package bedrockbackend

import (
	"context"
	"io"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
)

// converseBackend serves a model line from Bedrock Converse: translate,
// sign and send, translate back or transcode the stream.
type converseBackend struct {
	bedrockLine
	backend.ChatOnly
	opts converse.Options
}

func newConverseBackend(b bedrockLine, line *Line, model bedrockruntime.Model) *converseBackend {
	return &converseBackend{bedrockLine: b, opts: converseOptions(line, model)}
}

// converseOptions are what a line tells the Converse translation, for
// Bedrock's Converse and converse_like servers alike.
func converseOptions(line *Line, model bedrockruntime.Model) converse.Options {
	return converse.Options{
		Model:                 model,
		DropParams:            line.DropParams,
		UserContinueMessage:   line.UserContinueMessage,
		DefaultThinkingBudget: line.ThinkingBudget,
	}
}

// converseBody translates a chat request into a Converse body with the
// line's options.
func (b *bedrockLine) converseBody(c *backend.Call, req *translate.ChatRequest, opts converse.Options) ([]byte, *converse.State, *translate.Error) {
	opts.FetchImage = b.fetchImage(c)
	body, st, terr := converse.Request(req, &opts)
	if terr != nil {
		return nil, nil, terr
	}
	st.Model = b.alias
	backend.LogDropped(b.env.Logger, b.alias, st.Dropped)
	return body, st, nil
}

func (b *converseBackend) Chat(c *backend.Call, req *translate.ChatRequest) (backend.Reply, *translate.Error) {
	body, st, terr := b.converseBody(c, req, b.opts)
	if terr != nil {
		return backend.Reply{}, terr
	}
	b.logRequest("converse", req.Stream, body)
	resp, err := b.acct.Converse(c.Context(), b.modelID, req.Stream, body)
	c.Headers(resp, err)
	if err != nil {
		return backend.Reply{}, b.failure(c, err)
	}
	return readConverse(c, &b.bedrockLine, resp.Body, resp.ContentLength, st, req.Stream)
}

// complete answers a text completion as a chat of one user message.
func (b *converseBackend) Complete(c *backend.Call, req *translate.TextRequest) (backend.Reply, *translate.Error) {
	return backend.CompleteAsChat(c, req, b.Chat)
}

func (b *converseBackend) HealthCheck(ctx context.Context) error { return b.acct.Ping(ctx, b.modelID) }

// readConverse reads a Converse answer, a stream or a whole one, for the
// Converse and converse_like lines alike.
func readConverse(c *backend.Call, b *bedrockLine, body io.ReadCloser, length int64, st *converse.State, stream bool) (backend.Reply, *translate.Error) {
	id, created := backend.NewCompletionID(), time.Now().Unix()
	if stream {
		tr := converse.NewStream(st, id, created)
		tr.Upstream = b.upstream()
		tr.Upstream.Operation = "bedrock:InvokeModelWithResponseStream"
		return backend.Reply{Stream: newBedrockEvents(c, c.Watch(body), tr)}, nil
	}
	defer backend.DrainAndClose(body)
	raw, terr := c.ReadAnswer(body, length, "Bedrock")
	if terr != nil {
		return backend.Reply{}, terr
	}
	out, usage, terr := converse.Response(make([]byte, 0, len(raw)+256), raw, st, id, created)
	if terr != nil {
		b.env.Logger.Error("unreadable Bedrock response", zap.String("model", b.alias), zap.Int("bytes", len(raw)))
		return backend.Reply{}, terr
	}
	return backend.Reply{Parts: [3][]byte{out}, Usage: usage}, nil
}
