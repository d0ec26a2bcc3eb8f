package llmgateway

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
)

// converseBackend serves a model line from Bedrock Converse: translate,
// sign and send, translate back or transcode the stream.
type converseBackend struct {
	bedrockLine
	chatOnly
	opts converse.Options
}

func newConverseBackend(b bedrockLine, line *modelLine, model bedrockruntime.Model) *converseBackend {
	return &converseBackend{bedrockLine: b, opts: converseOptions(line, model)}
}

// converseOptions are what a line tells the Converse translation, for
// Bedrock's Converse and converse_like servers alike.
func converseOptions(line *modelLine, model bedrockruntime.Model) converse.Options {
	return converse.Options{
		Model:                 model,
		DropParams:            line.DropParams,
		UserContinueMessage:   line.continueMsg,
		DefaultThinkingBudget: line.thinkingBudget,
	}
}

// converseBody translates a chat request into a Converse body with the
// line's options.
func (b *bedrockLine) converseBody(c *call, req *translate.ChatRequest, opts converse.Options) ([]byte, *converse.State, *translate.Error) {
	opts.FetchImage = b.fetchImage(c)
	body, st, terr := converse.Request(req, &opts)
	if terr != nil {
		return nil, nil, terr
	}
	st.Model = b.alias
	logDropped(b.logger, b.alias, st.Dropped)
	return body, st, nil
}

func (b *converseBackend) chat(c *call, req *translate.ChatRequest) (reply, *translate.Error) {
	body, st, terr := b.converseBody(c, req, b.opts)
	if terr != nil {
		return reply{}, terr
	}
	b.logRequest("converse", req.Stream, body)
	resp, err := b.acct.Converse(c.ctx, b.modelID, req.Stream, body)
	c.headers(resp, err)
	if err != nil {
		return reply{}, b.failure(c, err)
	}
	return readConverse(c, &b.bedrockLine, resp.Body, resp.ContentLength, st, req.Stream)
}

// complete answers a text completion as a chat of one user message.
func (b *converseBackend) complete(c *call, req *translate.TextRequest) (reply, *translate.Error) {
	return completeAsChat(c, req, b.chat)
}

func (b *converseBackend) healthCheck(ctx context.Context) error { return b.acct.Ping(ctx, b.modelID) }

// readConverse reads a Converse answer, a stream or a whole one, for the
// Converse and converse_like lines alike.
func readConverse(c *call, b *bedrockLine, body readCloser, length int64, st *converse.State, stream bool) (reply, *translate.Error) {
	id, created := newCompletionID(), time.Now().Unix()
	if stream {
		tr := converse.NewStream(st, id, created)
		tr.Upstream = b.upstream()
		tr.Upstream.Operation = "bedrock:InvokeModelWithResponseStream"
		return reply{stream: newBedrockEvents(c, c.watch(body), tr)}, nil
	}
	defer drainAndClose(body)
	raw, err := readAnswerBody(body, length, c.g.maxAnswer)
	if errors.Is(err, errAnswerTooLarge) {
		return reply{}, answerTooLarge("Bedrock", c.g.maxAnswer)
	}
	if err != nil {
		return reply{}, c.transportError(err)
	}
	out, usage, terr := converse.Response(make([]byte, 0, len(raw)+256), raw, st, id, created)
	if terr != nil {
		b.logger.Error("unreadable Bedrock response", zap.String("model", b.alias), zap.Int("bytes", len(raw)))
		return reply{}, terr
	}
	return reply{parts: [3][]byte{out}, usage: usage}, nil
}
