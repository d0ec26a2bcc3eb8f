package bedrockbackend

import (
	"context"
	"fmt"
	"mime"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
)

// converseLikeBackend serves a bedrock/converse_like/<model> line: the
// Converse wire format, sent to a server that is not AWS (an internal
// proxy) at its api_base, with a bearer key and headers, and no SigV4,
// as LiteLLM's route does.
type converseLikeBackend struct {
	bedrockLine
	backend.ChatOnly
	client *bedrock.ConverseLike
	opts   converse.Options
}

// NewConverseLike makes the backend of a bedrock/converse_like/ line,
// which calls its APIBase.
func NewConverseLike(env *backend.Env, line *Line) (backend.Backend, error) {
	if line.APIBase == "" {
		return nil, fmt.Errorf("bedrock/converse_like/ needs api_base <url>")
	}
	client, err := bedrock.NewConverseLike("model "+strconv.Quote(line.Alias), line.APIBase, line.APIKey, line.Headers, env.Logger)
	if err != nil {
		return nil, err
	}
	b := &converseLikeBackend{
		bedrockLine: bedrockLine{alias: line.Alias, modelID: line.TargetModel, env: env},
		client:      client,
		opts:        converseOptions(line, bedrockruntime.LookupModel(line.TargetModel)),
	}
	if line.RemoteImages {
		b.images = newImageFetcher(line.ImageMaxSize)
	}
	return b, nil
}

func (b *converseLikeBackend) Chat(c *backend.Call, req *translate.ChatRequest) (backend.Reply, *translate.Error) {
	body, st, terr := b.converseBody(c, req, b.opts)
	if terr != nil {
		return backend.Reply{}, terr
	}
	resp, err := b.client.Post(c.Context(), req.Stream, body)
	c.Headers(resp, err)
	if err != nil {
		return backend.Reply{}, b.failure(c, err)
	}
	// The server decides: an event stream is read as one, anything else
	// as a Converse answer, replayed as a stream when one was asked for.
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if req.Stream && ct != "application/vnd.amazon.eventstream" {
		rep, terr := readConverse(c, &b.bedrockLine, resp.Body, resp.ContentLength, st, false)
		if terr != nil {
			return backend.Reply{}, terr
		}
		return backend.ReplayAsStream(rep, st.IncludeUsage)
	}
	return readConverse(c, &b.bedrockLine, resp.Body, resp.ContentLength, st, req.Stream)
}

func (b *converseLikeBackend) Complete(c *backend.Call, req *translate.TextRequest) (backend.Reply, *translate.Error) {
	return backend.CompleteAsChat(c, req, b.Chat)
}

// healthCheck: a converse_like server has no cheaper call than a chat;
// this sends a one-token one.
func (b *converseLikeBackend) HealthCheck(ctx context.Context) error {
	resp, err := b.client.Post(ctx, false, []byte(`{"messages":[{"role":"user","content":[{"text":"ping"}]}],"inferenceConfig":{"maxTokens":1}}`))
	if err != nil {
		return err
	}
	backend.DrainAndClose(resp.Body)
	return nil
}

func (b *converseLikeBackend) InvalidateCredentials() {}

func (b *converseLikeBackend) StateKey() string {
	return "converse_like|" + b.client.Endpoint() + "|" + b.modelID
}

func (b *converseLikeBackend) AccountName() string { return "converse_like" }

func (b *converseLikeBackend) Native() (*bedrock.Account, string) { return nil, "" }

func (b *converseLikeBackend) Close() {
	b.client.Cleanup()
	b.bedrockLine.Close()
}
