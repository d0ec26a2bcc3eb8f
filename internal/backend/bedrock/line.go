package bedrockbackend

import (
	"errors"
	"fmt"
	"net/http"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// bedrockLine is what every Bedrock model line has, whichever API it
// calls: the account, the model in the URL, and the mapping of the
// account's failures.
type bedrockLine struct {
	alias   string
	acct    *bedrock.Account
	modelID string // in the URL: the target's model ID, or model_id
	// baseModel is the target's model ID, which names the prices even
	// when model_id is an application inference profile's ARN.
	baseModel string
	images    *imageFetcher // nil unless allow_remote_images
	env       *backend.Env
}

// New makes the backend of a line that calls Bedrock through acct:
// Converse where the route names it, or where Bedrock serves the model
// through it; InvokeModel with the model's family where the route names
// it or the model needs it; a task's (embeddings, images, rerank) where
// the model serves one.
func New(env *backend.Env, line *Line, acct *bedrock.Account) (backend.Backend, error) {
	b := bedrockLine{alias: line.Alias, acct: acct, modelID: line.ModelID, baseModel: line.TargetModel, env: env}
	if line.RemoteImages {
		b.images = newImageFetcher(line.ImageMaxSize)
	}
	model := bedrockruntime.LookupModel(line.TargetModel)
	// A line's family wins over its route's: bedrock/llama/<arn> with
	// family llama2 is an imported Llama 2.
	family := line.Family
	if family == "" {
		family = line.RouteFamily
	}
	if !line.Converse {
		t := taskTarget{modelID: line.TargetModel, family: line.Family, invoke: line.Invoke, line: line}
		if ep, h, ok := findBedrockTask(t); ok {
			if r, refused := h.(refusedLine); refused {
				b.Close()
				return nil, r.err
			}
			return &taskBackend{bedrockLine: b, ep: ep, h: h}, nil
		}
	}
	useInvoke := line.Invoke || (!line.Converse && (model.InvokeOnly || line.Family != ""))
	switch {
	case !useInvoke && line.Family != "":
		return nil, fmt.Errorf("family applies to InvokeModel routes (bedrock/invoke/...), not to bedrock/converse/")
	case !useInvoke:
		return newConverseBackend(b, line, model), nil
	}
	if family == "" {
		var ok bool
		if family, ok = invoke.FamilyOf(line.TargetModel); !ok {
			b.Close()
			return nil, fmt.Errorf("cannot tell the InvokeModel family of %q: set family (one of %s)",
				line.TargetModel, familyNames())
		}
	}
	f, ok := invoke.ByName(family)
	if !ok {
		b.Close()
		return nil, fmt.Errorf("unknown family %q (known: %s)", family, familyNames())
	}
	return newInvokeBackend(b, line, f, family), nil
}

func (b *bedrockLine) fetchImage(c *backend.Call) func(string) (string, []byte, error) {
	if b.images == nil {
		return nil
	}
	return b.images.forRequest(c.Context(), b.env.MaxBody)
}

func (b *bedrockLine) InvalidateCredentials() { b.acct.InvalidateCredentials() }

func (b *bedrockLine) StateKey() string {
	return "bedrock|" + b.acct.Name() + "|" + b.acct.ResolvedRegion() + "|" + b.acct.EndpointURL() + "|" + b.modelID
}

func (b *bedrockLine) OwnedBy() string { return "aws-bedrock" }

func (b *bedrockLine) PriceKey() (provider, model, region string) {
	if b.acct == nil { // a converse_like server: not Bedrock's prices
		return "", "", ""
	}
	return Provider, b.baseModel, b.acct.ResolvedRegion()
}

func (b *bedrockLine) AccountName() string { return b.acct.Name() }

// native is the account and model a pass-through sends to.
func (b *bedrockLine) Native() (*bedrock.Account, string) { return b.acct, b.modelID }

func (b *bedrockLine) Close() {
	if b.images != nil {
		b.images.close()
	}
}

func (b *bedrockLine) logRequest(api string, stream bool, body []byte) {
	if ce := b.env.Logger.Check(zapcore.DebugLevel, "upstream request"); ce != nil {
		ce.Write(zap.String("provider", "bedrock"), zap.String("api", api), zap.String("account", b.acct.Name()),
			zap.String("model", b.alias), zap.String("upstream_model", b.modelID),
			zap.Bool("stream", stream), zap.Int("body_bytes", len(body)))
	}
}

// readAnswer reads a whole answer within max_response_body.
func (b *bedrockLine) readAnswer(c *backend.Call, resp *http.Response) ([]byte, *translate.Error) {
	return c.ReadAnswer(resp.Body, resp.ContentLength, "Bedrock")
}

// upstream is the context Bedrock's errors are mapped in.
func (b *bedrockLine) upstream() bedrockruntime.Failure {
	if b.acct == nil { // a converse_like line
		return bedrockruntime.Failure{ModelID: b.modelID}
	}
	return bedrockruntime.Failure{Account: b.acct.Name(), Region: b.acct.ResolvedRegion(), ModelID: b.modelID}
}

// failure turns a failed call into the client's error (backend.ErrClientGone
// when the client went away).
func (b *bedrockLine) failure(c *backend.Call, err error) *translate.Error {
	var apiErr *bedrock.APIError
	var credErr *bedrock.CredentialsError
	switch {
	case errors.As(err, &apiErr):
		// The full AWS text may name account IDs and roles: debug log only;
		// the client gets the redacted one.
		if ce := b.env.Logger.Check(zapcore.DebugLevel, "bedrock error"); ce != nil {
			ce.Write(zap.String("model", b.alias), zap.Int("status", apiErr.Status),
				zap.String("type", apiErr.Type), zap.String("message", apiErr.Message))
		}
		f := b.upstream()
		f.Status, f.Type, f.Message, f.Operation, f.RetryAfter = apiErr.Status, apiErr.Type, apiErr.Message, apiErr.Operation, apiErr.RetryAfter
		return bedrockruntime.Error(f)
	case errors.As(err, &credErr):
		b.env.LogCredentials(credErr, credErr.Account, credErr.Err)
		return backend.CredentialsUnavailable(credErr.Summary())
	}
	return c.TransportError(err)
}
