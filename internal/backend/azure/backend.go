// Package azurebackend serves model lines from Azure: Azure OpenAI
// deployments (azure/...) and Azure AI models (azure_ai/...). The client's
// body goes up with only the changes Azure needs (translate/azure), and
// Azure's answer comes back with the alias as model.
package azurebackend

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	aztranslate "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/azure"
)

// Interface guards.
var (
	_ backend.Backend = (*azureBackend)(nil)
	_ backend.Pricer  = (*azureBackend)(nil)
)

// azureBackend serves a model line from an Azure OpenAI deployment or an
// Azure AI model: the client's body with only the changes Azure needs,
// then Azure's answer relayed with the alias as model and reasoning
// surfaced.
type azureBackend struct {
	alias    string
	kind     string // azure or azure_ai
	account  string
	model    string // the deployment (azure) or model (azure_ai)
	endpoint string
	opts     aztranslate.Options
	post     func(ctx context.Context, op string, body []byte, stream bool) (*http.Response, error)
	ping     func(ctx context.Context) error
	env      *backend.Env
}

// Provider and ProviderAI name the Azure providers in targets, logs
// and the price table: Azure OpenAI deployments and Azure AI models.
const (
	Provider   = "azure"
	ProviderAI = "azure_ai"
)

// Line is what a model line tells its Azure backend.
type Line struct {
	Alias string
	// Model is the deployment (Azure OpenAI) or the model (Azure AI).
	Model      string
	DropParams bool
}

// NewOpenAI makes the backend of a line served by an Azure OpenAI
// deployment.
func NewOpenAI(env *backend.Env, line Line, acct *azure.OpenAIAccount) backend.Backend {
	deployment := line.Model
	opts := aztranslate.Options{
		Kind:         aztranslate.OpenAI,
		Deployment:   deployment,
		Reasoning:    aztranslate.ReasoningDeployment(deployment),
		NonReasoning: aztranslate.NonReasoningDeployment(deployment),
		DropParams:   line.DropParams,
	}
	return &azureBackend{
		alias: line.Alias, kind: Provider, account: acct.Name(), model: deployment, endpoint: acct.EndpointURL(),
		opts: opts, env: env,
		post: func(ctx context.Context, op string, body []byte, stream bool) (*http.Response, error) {
			return acct.Post(ctx, deployment, op, body, stream)
		},
		ping: func(ctx context.Context) error { return acct.Ping(ctx, deployment, opts.Reasoning) },
	}
}

// NewAI makes the backend of a line served by an Azure AI model.
func NewAI(env *backend.Env, line Line, acct *azure.AIAccount) backend.Backend {
	model := line.Model
	return &azureBackend{
		alias: line.Alias, kind: ProviderAI, account: acct.Name(), model: model, endpoint: acct.EndpointURL(),
		opts: aztranslate.Options{
			Kind:            aztranslate.AI,
			Model:           model,
			ExtraParameters: acct.ExtraParametersMode(),
			DropParams:      line.DropParams,
		},
		env:  env,
		post: acct.Post,
		ping: func(ctx context.Context) error { return acct.Ping(ctx, model) },
	}
}

func (b *azureBackend) Chat(c *backend.Call, req *translate.ChatRequest) (backend.Reply, *translate.Error) {
	body, st, terr := aztranslate.Request(req, &b.opts)
	if terr != nil {
		return backend.Reply{}, terr
	}
	st.Model = b.alias
	backend.LogDropped(b.env.Logger, b.alias, st.Dropped)
	resp, terr := b.send(c, azure.OpChat, body, req.Stream)
	if resp == nil {
		return backend.Reply{}, terr
	}
	if req.Stream {
		tr := aztranslate.NewStream(st)
		tr.Upstream = b.failureContext()
		return backend.Reply{Stream: &azureEvents{sseBody: newSSEBody(c, resp.Body), tr: tr,
			wantUsage: st.IncludeUsage, optionsDropped: st.StreamOptionsDropped, logger: b.env.Logger, alias: b.alias}}, nil
	}
	defer backend.DrainAndClose(resp.Body)
	raw, terr := b.read(c, resp)
	if terr != nil {
		return backend.Reply{}, terr
	}
	out, usage, terr := aztranslate.Response(make([]byte, 0, len(raw)+128), raw, st)
	if terr != nil {
		b.env.Logger.Error("unreadable Azure response", zap.String("model", b.alias), zap.Int("bytes", len(raw)))
		return backend.Reply{}, terr
	}
	return backend.Reply{Parts: [3][]byte{out}, Usage: usage}, nil
}

// complete answers a text completion: a completion model's deployment
// (named ...instruct..., davinci..., babbage...) gets it at its own
// /completions, relayed; every other deployment and model gets it as a
// chat of one user message.
func (b *azureBackend) Complete(c *backend.Call, req *translate.TextRequest) (backend.Reply, *translate.Error) {
	if !b.completionModel() {
		return backend.CompleteAsChat(c, req, b.Chat)
	}
	members := req.Members
	body, dropped := aztranslate.PassThrough(members, &b.opts)
	backend.LogDropped(b.env.Logger, b.alias, dropped)
	resp, terr := b.send(c, azure.OpCompletions, body, req.Stream)
	if resp == nil {
		return backend.Reply{}, terr
	}
	if req.Stream {
		return backend.Reply{Stream: &azureTextEvents{sseBody: newSSEBody(c, resp.Body), alias: b.alias}}, nil
	}
	defer backend.DrainAndClose(resp.Body)
	raw, terr := b.read(c, resp)
	if terr != nil {
		return backend.Reply{}, terr
	}
	head, model, tail, usage, terr := aztranslate.Splice(raw, b.alias)
	if terr != nil {
		return backend.Reply{}, terr
	}
	return backend.Reply{Parts: [3][]byte{head, model, tail}, Usage: usage}, nil
}

// completionModel reports whether the deployment's name says its model
// completes text rather than chats.
func (b *azureBackend) completionModel() bool {
	name := strings.ToLower(b.model)
	return b.kind == Provider && (strings.Contains(name, "instruct") || strings.HasPrefix(name, "davinci") || strings.HasPrefix(name, "babbage"))
}

// passThrough answers embeddings and image generation, relaying Azure's
// answer from its own buffer with only the model replaced; an image answer
// is billed by its images (see imageBilling).
func (b *azureBackend) PassThrough(c *backend.Call, ep backend.Endpoint, members []translate.Member) (backend.Reply, *translate.Error) {
	body, dropped := aztranslate.PassThrough(members, &b.opts)
	backend.LogDropped(b.env.Logger, b.alias, dropped)
	op := azure.OpEmbeddings
	if ep == backend.Images {
		op = azure.OpImages
	}
	resp, terr := b.send(c, op, body, false)
	if resp == nil {
		return backend.Reply{}, terr
	}
	defer backend.DrainAndClose(resp.Body)
	raw, terr := b.read(c, resp)
	if terr != nil {
		return backend.Reply{}, terr
	}
	var (
		head, model, tail []byte
		images            int // 0 for embeddings, which bill tokens
		usage             translate.Usage
	)
	if ep == backend.Images {
		head, model, tail, images, usage, terr = aztranslate.SpliceImages(raw, b.alias)
	} else {
		head, model, tail, usage, terr = aztranslate.Splice(raw, b.alias)
	}
	if terr != nil {
		b.env.Logger.Error("unreadable Azure response", zap.String("model", b.alias), zap.Int("bytes", len(raw)))
		return backend.Reply{}, terr
	}
	return backend.Reply{Parts: [3][]byte{head, model, tail}, Usage: usage, Bill: imageBilling(members, images)}, nil
}

// send makes the upstream call; on failure the response is nil and the
// error the client's.
func (b *azureBackend) send(c *backend.Call, op string, body []byte, stream bool) (*http.Response, *translate.Error) {
	if ce := b.env.Logger.Check(zapcore.DebugLevel, "upstream request"); ce != nil {
		ce.Write(zap.String("provider", b.kind), zap.String("model", b.alias),
			zap.String("upstream_model", b.model), zap.String("operation", op),
			zap.Bool("stream", stream), zap.Int("body_bytes", len(body)))
	}
	resp, err := b.post(c.Context(), op, body, stream)
	c.Headers(resp, err)
	if err != nil {
		return nil, b.failure(c, err)
	}
	return resp, nil
}

// read reads a non-streaming answer within max_response_body.
func (b *azureBackend) read(c *backend.Call, resp *http.Response) ([]byte, *translate.Error) {
	return c.ReadAnswer(resp.Body, resp.ContentLength, "Azure")
}

func (b *azureBackend) Serves(ep backend.Endpoint) bool {
	switch ep {
	case backend.Chat, backend.Embeddings, backend.Completions:
		return true
	case backend.Images:
		return b.kind == Provider
	}
	return false
}

func (b *azureBackend) HealthCheck(ctx context.Context) error { return b.ping(ctx) }

// invalidateCredentials does nothing: an Azure account already drops a
// refused Entra token and retries once with a fresh one.
func (b *azureBackend) InvalidateCredentials() {}

func (b *azureBackend) PriceKey() (provider, model, region string) { return b.kind, b.model, "" }

func (b *azureBackend) StateKey() string {
	return b.kind + "|" + b.account + "|" + b.endpoint + "|" + b.model
}

func (b *azureBackend) OwnedBy() string {
	if b.kind == Provider {
		return "azure-openai"
	}
	return "azure-ai"
}

func (b *azureBackend) AccountName() string { return b.account }

func (b *azureBackend) Close() {}

func (b *azureBackend) failureContext() aztranslate.Failure {
	return aztranslate.Failure{Kind: b.opts.Kind, Deployment: b.model, Account: b.account}
}

// failure turns a failed call into the client's error, or nil when the
// client has gone away.
func (b *azureBackend) failure(c *backend.Call, err error) *translate.Error {
	var apiErr *azure.APIError
	var credErr *azure.CredentialsError
	switch {
	case errors.As(err, &apiErr):
		if ce := b.env.Logger.Check(zapcore.DebugLevel, "azure error"); ce != nil {
			ce.Write(zap.String("model", b.alias), zap.Int("status", apiErr.Status), zap.ByteString("body", apiErr.Body))
		}
		f := b.failureContext()
		f.Status, f.Body, f.RetryAfter = apiErr.Status, apiErr.Body, apiErr.RetryAfter
		return aztranslate.Error(f)
	case errors.As(err, &credErr):
		b.env.LogCredentials(credErr, credErr.Account, credErr.Err)
		return backend.CredentialsUnavailable(credErr.Summary())
	}
	return c.TransportError(err)
}
