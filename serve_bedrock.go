package llmgateway

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// serveBedrock answers one chat completion from Bedrock Converse:
// translate → sign and send → translate back (or transcode the stream).
func (g *Gateway) serveBedrock(w http.ResponseWriter, r *http.Request, req *translate.ChatRequest, rt *route) translate.Usage {
	ctx := r.Context()
	opts := rt.converse
	if rt.images != nil {
		opts.FetchImage = rt.images.forRequest(ctx, g.maxBody)
	}
	body, st, terr := translate.ToConverse(req, &opts)
	if terr != nil {
		writeError(w, terr)
		return translate.Usage{}
	}
	g.logDropped(rt, st.Dropped)
	if c := g.logger.Check(zapcore.DebugLevel, "upstream request"); c != nil {
		c.Write(zap.String("provider", "bedrock"), zap.String("account", rt.bedrock.Name()),
			zap.String("model", rt.alias), zap.String("upstream_model", rt.upstreamModel),
			zap.Bool("stream", req.Stream), zap.Int("body_bytes", len(body)))
	}

	resp, err := rt.bedrock.Converse(ctx, rt.upstreamModel, req.Stream, body)
	if err != nil {
		if e := g.bedrockFailure(ctx, err, rt); e != nil {
			writeError(w, e)
		}
		return translate.Usage{}
	}
	id, created := newCompletionID(), time.Now().Unix()
	if req.Stream {
		defer resp.Body.Close()
		tr := translate.NewBedrockStream(st, id, created)
		tr.Upstream.Account = rt.bedrock.Name()
		tr.Upstream.Region = rt.bedrock.ResolvedRegion()
		tr.Upstream.ModelID = rt.upstreamModel
		return g.streamBedrock(w, r, resp.Body, tr)
	}
	defer drainAndClose(resp.Body)

	raw, err := readAnswer(resp, g.maxAnswer)
	if errors.Is(err, errAnswerTooLarge) {
		writeError(w, answerTooLarge("Bedrock", g.maxAnswer))
		return translate.Usage{}
	}
	if err != nil {
		if e := g.bedrockFailure(ctx, err, rt); e != nil {
			writeError(w, e)
		}
		return translate.Usage{}
	}
	out, usage, terr := translate.FromConverse(make([]byte, 0, len(raw)+256), raw, st, id, created)
	if terr != nil {
		g.logger.Error("unreadable Bedrock response", zap.String("model", rt.alias), zap.Int("bytes", len(raw)))
		writeError(w, terr)
		return translate.Usage{}
	}
	writeJSON(w, http.StatusOK, out)
	return usage
}

// bedrockFailure turns a failed call into the client's error, or nil when
// the client has gone away and nothing can be written.
func (g *Gateway) bedrockFailure(ctx context.Context, err error, rt *route) *translate.Error {
	var apiErr *bedrock.APIError
	var credErr *bedrock.CredentialsError
	switch {
	case errors.As(err, &apiErr):
		// The full AWS text may name account IDs and roles: debug log only;
		// the client gets the redacted one.
		if c := g.logger.Check(zapcore.DebugLevel, "bedrock error"); c != nil {
			c.Write(zap.String("model", rt.alias), zap.Int("status", apiErr.Status),
				zap.String("type", apiErr.Type), zap.String("message", apiErr.Message))
		}
		return translate.BedrockError(translate.BedrockFailure{
			Status:     apiErr.Status,
			Type:       apiErr.Type,
			Message:    apiErr.Message,
			Operation:  apiErr.Operation,
			Account:    rt.bedrock.Name(),
			Region:     rt.bedrock.ResolvedRegion(),
			ModelID:    rt.upstreamModel,
			RetryAfter: apiErr.RetryAfter,
		})
	case errors.As(err, &credErr):
		g.logger.Error("no usable AWS credentials", zap.String("account", credErr.Account), zap.Error(credErr.Err))
		return credentialsUnavailable(credErr.Summary())
	case ctx.Err() != nil:
		return nil
	}
	return g.unreachable(rt, rt.bedrock.Name(), err)
}

// streamBedrock relays a ConverseStream answer: each event-stream frame is
// transcoded and flushed as it arrives. A client that goes away cancels
// ctx, which aborts the upstream read below; nothing outlives the request.
// Until the first chunk is written the status is still open, so a stream
// that fails at once (throttled, say) is answered with the error's status.
func (g *Gateway) streamBedrock(w http.ResponseWriter, r *http.Request, body io.Reader, tr *translate.BedrockStream) translate.Usage {
	sse := newSSEWriter(w)
	dec := newFrameDecoder()
	out := make([]byte, 0, 1024)
	for {
		msg, err := dec.next(body)
		if err != nil {
			if r.Context().Err() != nil {
				return tr.Usage()
			}
			if errors.Is(err, io.EOF) {
				out = tr.End(out[:0])
			} else {
				g.logger.Warn("bedrock stream broke off", zap.Error(err))
				out = tr.Fail(out[:0], streamInterrupted("Bedrock"))
			}
			g.finishStream(sse, out, tr.Err())
			return tr.Usage()
		}
		var terminal bool
		out, terminal = tr.Message(out[:0], msg)
		if terminal {
			g.finishStream(sse, out, tr.Err())
			return tr.Usage()
		}
		if err := sse.send(out); err != nil {
			return tr.Usage()
		}
	}
}
