package bedrockbackend

import (
	"context"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings/cohere"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings/nova"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings/titan"
)

// POST /v1/embeddings on Bedrock lines whose model embeds: Titan, Cohere
// Embed, Nova Multimodal Embeddings, through InvokeModel.

func init() {
	registerBedrockTask(backend.Embeddings, func(t taskTarget) (taskHandler, bool) {
		f, ok := EmbeddingFamily(t.modelID, t.family)
		if !ok {
			return nil, false
		}
		return &embeddingsHandler{family: f, opts: t.line.Embedding}, true
	}, embeddings.Names)
}

// EmbeddingFamily is the embedding family a Bedrock line's model belongs
// to: the one its family option names, else the one of its model ID.
func EmbeddingFamily(modelID, family string) (embeddings.Family, bool) {
	if family != "" {
		return embeddings.ByName(family)
	}
	return embeddings.Lookup(modelID)
}

// embeddingsHandler serves one embedding model line.
type embeddingsHandler struct {
	family embeddings.Family
	opts   embeddings.Options
}

// serve parses the request against the line's family, makes its calls
// (see embeddingCalls) and writes OpenAI's list from their answers.
func (h *embeddingsHandler) serve(c *backend.Call, b *bedrockLine, members []translate.Member) (backend.Reply, *translate.Error) {
	req, terr := embeddings.Parse(members, h.family.Name()+" on Bedrock", h.opts.DropParams)
	if terr != nil {
		return backend.Reply{}, terr
	}
	dropped, terr := h.family.Check(req, &h.opts)
	if terr != nil {
		return backend.Reply{}, terr
	}
	backend.LogDropped(b.env.Logger, b.alias, append(req.Dropped, dropped...))
	run := embeddingCalls{c: c, b: b, f: h.family, req: req, opts: &h.opts}
	vecs, tokens, terr := run.all(embeddings.Plan(h.family, req.Inputs))
	if terr != nil {
		return backend.Reply{}, terr
	}
	out, terr := embeddings.AppendList(make([]byte, 0, embeddings.ListSize(vecs)), vecs, req.Base64, b.alias, tokens)
	if terr != nil {
		return backend.Reply{}, terr
	}
	return backend.Reply{Parts: [3][]byte{out}, Usage: translate.Usage{PromptTokens: tokens, TotalTokens: tokens}}, nil
}

// pingInput is the smallest request an embedding model answers.
var pingInput = []embeddings.Input{{Kind: embeddings.KindText, Text: []byte(`"ping"`)}}

// healthCheck embeds one word.
func (h *embeddingsHandler) healthCheck(ctx context.Context, b *bedrockLine) error {
	body := h.family.Body(nil, &embeddings.Request{Inputs: pingInput}, &h.opts, pingInput)
	resp, err := b.acct.Invoke(ctx, b.modelID, false, body)
	if err != nil {
		return err
	}
	backend.DrainAndClose(resp.Body)
	return nil
}
