package llmgateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
)

// bedrockBackend serves a model line from Bedrock Converse: translate,
// sign and send, translate back or transcode the stream.
type bedrockBackend struct {
	alias   string
	acct    *bedrock.Account
	modelID string // in the URL: the target's model ID, or model_id
	opts    converse.Options
	images  *imageFetcher // nil unless allow_remote_images
	logger  *zap.Logger
}

func buildBedrockBackend(g *Gateway, line *modelLine) (backend, error) {
	if line.target.api != apiAuto && line.target.api != apiConverse {
		return nil, fmt.Errorf("the bedrock/%s/ route is not supported yet", line.target.api)
	}
	acct, err := pickAccount(providerBedrock, g.Bedrock, line.account)
	if err != nil {
		return nil, err
	}
	b := &bedrockBackend{
		alias:   line.alias,
		acct:    acct,
		modelID: line.modelID,
		logger:  g.logger,
		opts: converse.Options{
			Model:                 bedrockruntime.LookupModel(line.target.modelID),
			DropParams:            line.DropParams,
			UserContinueMessage:   line.continueMsg,
			DefaultThinkingBudget: line.thinkingBudget,
		},
	}
	if line.AllowRemoteImages {
		b.images = newImageFetcher(line.imageMaxSize)
	}
	return b, nil
}

func (b *bedrockBackend) chat(c *call, req *translate.ChatRequest) (reply, *translate.Error) {
	opts := b.opts
	if b.images != nil {
		opts.FetchImage = b.images.forRequest(c.ctx, c.g.maxBody)
	}
	body, st, terr := converse.Request(req, &opts)
	if terr != nil {
		return reply{}, terr
	}
	st.Model = b.alias
	logDropped(b.logger, b.alias, st.Dropped)
	if ce := b.logger.Check(zapcore.DebugLevel, "upstream request"); ce != nil {
		ce.Write(zap.String("provider", "bedrock"), zap.String("account", b.acct.Name()),
			zap.String("model", b.alias), zap.String("upstream_model", b.modelID),
			zap.Bool("stream", req.Stream), zap.Int("body_bytes", len(body)))
	}

	resp, err := b.acct.Converse(c.ctx, b.modelID, req.Stream, body)
	c.headers()
	if err != nil {
		return reply{}, b.failure(c, err)
	}
	id, created := newCompletionID(), time.Now().Unix()
	if req.Stream {
		tr := converse.NewStream(st, id, created)
		tr.Upstream.Account = b.acct.Name()
		tr.Upstream.Region = b.acct.ResolvedRegion()
		tr.Upstream.ModelID = b.modelID
		return reply{stream: &bedrockEvents{c: c, body: c.watch(resp.Body), dec: newFrameDecoder(), tr: tr}}, nil
	}
	defer drainAndClose(resp.Body)
	raw, err := readAnswer(resp, c.g.maxAnswer)
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

func (b *bedrockBackend) passThrough(*call, endpoint, []translate.Member) (reply, *translate.Error) {
	return reply{}, &translate.Error{Status: http.StatusInternalServerError, Type: translate.ErrServer,
		Message: "bedrock routes do not serve this endpoint"}
}

func (b *bedrockBackend) serves(ep endpoint) bool { return ep == endpointChat }

func (b *bedrockBackend) healthCheck(ctx context.Context) error {
	return b.acct.Ping(ctx, b.modelID)
}

func (b *bedrockBackend) invalidateCredentials() { b.acct.InvalidateCredentials() }

func (b *bedrockBackend) stateKey() string {
	return "bedrock|" + b.acct.Name() + "|" + b.acct.ResolvedRegion() + "|" + b.acct.EndpointURL() + "|" + b.modelID
}

func (b *bedrockBackend) ownedBy() string { return "aws-bedrock" }

func (b *bedrockBackend) accountName() string { return b.acct.Name() }

func (b *bedrockBackend) close() {
	if b.images != nil {
		b.images.close()
	}
}

// failure turns a failed call into the client's error, or nil when the
// client has gone away and nothing can be written.
func (b *bedrockBackend) failure(c *call, err error) *translate.Error {
	var apiErr *bedrock.APIError
	var credErr *bedrock.CredentialsError
	switch {
	case errors.As(err, &apiErr):
		// The full AWS text may name account IDs and roles: debug log only;
		// the client gets the redacted one.
		if ce := b.logger.Check(zapcore.DebugLevel, "bedrock error"); ce != nil {
			ce.Write(zap.String("model", b.alias), zap.Int("status", apiErr.Status),
				zap.String("type", apiErr.Type), zap.String("message", apiErr.Message))
		}
		return bedrockruntime.Error(bedrockruntime.Failure{
			Status:     apiErr.Status,
			Type:       apiErr.Type,
			Message:    apiErr.Message,
			Operation:  apiErr.Operation,
			Account:    b.acct.Name(),
			Region:     b.acct.ResolvedRegion(),
			ModelID:    b.modelID,
			RetryAfter: apiErr.RetryAfter,
		})
	case errors.As(err, &credErr):
		c.g.logCredentials(credErr, credErr.Account, credErr.Err)
		return credentialsUnavailable(credErr.Summary())
	}
	return c.transportError(err)
}

// bedrockEvents reads a ConverseStream answer frame by frame.
type bedrockEvents struct {
	c    *call
	body io.ReadCloser
	dec  *frameDecoder
	tr   *converse.Stream
}

func (s *bedrockEvents) next(dst []byte) ([]byte, bool, *translate.Error) {
	msg, err := s.dec.next(s.body)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return s.tr.End(dst), true, s.tr.Err()
		}
		e := s.c.streamError(err, "Bedrock")
		if e == errClientGone {
			return dst, true, e
		}
		return s.tr.Fail(dst, e), true, e
	}
	out, terminal := s.tr.Message(dst, msg)
	if terminal {
		return out, true, s.tr.Err()
	}
	return out, false, nil
}

func (s *bedrockEvents) usage() translate.Usage { return s.tr.Usage() }

func (s *bedrockEvents) close() { _ = s.body.Close() }
