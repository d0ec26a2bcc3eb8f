package llmgateway

import (
	"context"
	"errors"
	"io"
	"net/http"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// serveAzureChat answers one chat completion from Azure OpenAI or Azure AI:
// the client's body with only the changes Azure needs, then Azure's answer
// relayed with the alias as model and reasoning surfaced.
func (g *Gateway) serveAzureChat(w http.ResponseWriter, r *http.Request, req *translate.ChatRequest, rt *route) translate.Usage {
	body, st, terr := translate.ToAzure(req, &rt.azureOpts)
	if terr != nil {
		writeError(w, terr)
		return translate.Usage{}
	}
	g.logDropped(rt, st.Dropped)
	resp, ok := g.postAzure(w, r, rt, azure.OpChat, body, req.Stream)
	if !ok {
		return translate.Usage{}
	}
	if req.Stream {
		defer resp.Body.Close()
		tr := translate.NewAzureStream(st)
		tr.Upstream = g.azureContext(rt)
		usage := g.streamAzure(w, r, resp.Body, tr)
		if st.IncludeUsage && usage == (translate.Usage{}) {
			if c := g.logger.Check(zapcore.DebugLevel, "the client asked for stream usage; the model reported none"); c != nil {
				c.Write(zap.String("model", rt.alias), zap.Bool("stream_options_removed", st.StreamOptionsDropped))
			}
		}
		return usage
	}
	return g.relayAzure(w, r, resp, st, rt)
}

// serveAzurePassThrough answers embeddings and image generation.
func (g *Gateway) serveAzurePassThrough(w http.ResponseWriter, r *http.Request, members []translate.Member, rt *route, op string) translate.Usage {
	body, dropped := translate.ToAzurePassThrough(members, &rt.azureOpts)
	g.logDropped(rt, dropped)
	resp, ok := g.postAzure(w, r, rt, op, body, false)
	if !ok {
		return translate.Usage{}
	}
	defer drainAndClose(resp.Body)
	raw, ok := g.readAzureAnswer(w, r, resp, rt)
	if !ok {
		return translate.Usage{}
	}
	head, model, tail, usage, terr := translate.SpliceAzure(raw, rt.alias)
	if terr != nil {
		g.logger.Error("unreadable Azure response", zap.String("model", rt.alias), zap.Int("bytes", len(raw)))
		writeError(w, terr)
		return translate.Usage{}
	}
	writeJSONParts(w, head, model, tail)
	return usage
}

// readAzureAnswer reads a non-streaming answer; on failure it has
// answered the client.
func (g *Gateway) readAzureAnswer(w http.ResponseWriter, r *http.Request, resp *http.Response, rt *route) ([]byte, bool) {
	raw, err := readAnswer(resp, g.maxAnswer)
	switch {
	case errors.Is(err, errAnswerTooLarge):
		writeError(w, answerTooLarge("Azure", g.maxAnswer))
		return nil, false
	case err != nil:
		if e := g.azureFailure(r.Context(), err, rt); e != nil {
			writeError(w, e)
		}
		return nil, false
	}
	return raw, true
}

// postAzure sends one request; on failure it has answered the client.
func (g *Gateway) postAzure(w http.ResponseWriter, r *http.Request, rt *route, op string, body []byte, stream bool) (*http.Response, bool) {
	if c := g.logger.Check(zapcore.DebugLevel, "upstream request"); c != nil {
		c.Write(zap.String("provider", rt.provider), zap.String("model", rt.alias),
			zap.String("upstream_model", rt.upstreamModel), zap.String("operation", op),
			zap.Bool("stream", stream), zap.Int("body_bytes", len(body)))
	}
	var resp *http.Response
	var err error
	if rt.azure != nil {
		resp, err = rt.azure.Post(r.Context(), rt.upstreamModel, op, body, stream)
	} else {
		resp, err = rt.azureAI.Post(r.Context(), op, body, stream)
	}
	if err != nil {
		if e := g.azureFailure(r.Context(), err, rt); e != nil {
			writeError(w, e)
		}
		return nil, false
	}
	return resp, true
}

// relayAzure answers with a non-streaming Azure response.
func (g *Gateway) relayAzure(w http.ResponseWriter, r *http.Request, resp *http.Response, st *translate.AzureState, rt *route) translate.Usage {
	defer drainAndClose(resp.Body)
	raw, ok := g.readAzureAnswer(w, r, resp, rt)
	if !ok {
		return translate.Usage{}
	}
	out, usage, terr := translate.FromAzure(make([]byte, 0, len(raw)+128), raw, st)
	if terr != nil {
		g.logger.Error("unreadable Azure response", zap.String("model", rt.alias), zap.Int("bytes", len(raw)))
		writeError(w, terr)
		return translate.Usage{}
	}
	writeJSON(w, http.StatusOK, out)
	return usage
}

// streamAzure relays Azure's server-sent events, each transcoded and
// flushed as it arrives; see streamBedrock for cancellation.
func (g *Gateway) streamAzure(w http.ResponseWriter, r *http.Request, body io.Reader, tr *translate.AzureStream) translate.Usage {
	sse := newSSEWriter(w)
	var sc translate.SSEScanner
	buf := make([]byte, 16<<10)
	out := make([]byte, 0, 1024)
	for {
		n, readErr := body.Read(buf)
		sc.Feed(buf[:n])
		if readErr != nil {
			if r.Context().Err() != nil {
				return tr.Usage()
			}
			if errors.Is(readErr, io.EOF) {
				sc.End() // a last event without its blank line still counts
			}
		}
		for {
			data, ok, scanErr := sc.Next()
			if scanErr != nil {
				g.logger.Warn("azure stream unreadable", zap.Error(scanErr))
				g.finishStream(sse, tr.Fail(out[:0], streamInterrupted("Azure")), tr.Err())
				return tr.Usage()
			}
			if !ok {
				break
			}
			var terminal bool
			out, terminal = tr.Event(out[:0], data)
			if terminal {
				g.finishStream(sse, out, tr.Err())
				return tr.Usage()
			}
			if err := sse.send(out); err != nil {
				return tr.Usage()
			}
		}
		if readErr != nil {
			if errors.Is(readErr, io.EOF) {
				out = tr.End(out[:0])
			} else {
				g.logger.Warn("azure stream broke off", zap.Error(readErr))
				out = tr.Fail(out[:0], streamInterrupted("Azure"))
			}
			g.finishStream(sse, out, tr.Err())
			return tr.Usage()
		}
	}
}

func (g *Gateway) azureContext(rt *route) translate.AzureFailure {
	f := translate.AzureFailure{Kind: rt.azureOpts.Kind, Deployment: rt.upstreamModel}
	if rt.azure != nil {
		f.Account = rt.azure.Name()
	} else {
		f.Account = rt.azureAI.Name()
	}
	return f
}

// azureFailure turns a failed call into the client's error, or nil when
// the client has gone away.
func (g *Gateway) azureFailure(ctx context.Context, err error, rt *route) *translate.Error {
	var apiErr *azure.APIError
	var credErr *azure.CredentialsError
	switch {
	case errors.As(err, &apiErr):
		if c := g.logger.Check(zapcore.DebugLevel, "azure error"); c != nil {
			c.Write(zap.String("model", rt.alias), zap.Int("status", apiErr.Status), zap.ByteString("body", apiErr.Body))
		}
		f := g.azureContext(rt)
		f.Status, f.Body, f.RetryAfter = apiErr.Status, apiErr.Body, apiErr.RetryAfter
		return translate.AzureError(f)
	case errors.As(err, &credErr):
		g.logger.Error("no usable Azure credentials", zap.String("account", credErr.Account), zap.Error(credErr.Err))
		return credentialsUnavailable(credErr.Summary())
	case ctx.Err() != nil:
		return nil
	}
	return g.unreachable(rt, g.azureContext(rt).Account, err)
}
