package llmgateway

import (
	"net/http"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// When Caddy's tracing directive traces a request, each upstream attempt
// gets a client span of its own, described with OpenTelemetry's GenAI
// semantic conventions, and the upstream gets its traceparent. Prompts and
// completions never go into a span.

const tracerName = "github.com/caddy-llm-gateway/caddy-llm-gateway"

// genAISystems are gen_ai.system's values for the providers.
var genAISystems = map[string]string{
	providerBedrock: "aws.bedrock",
	providerAzure:   "az.ai.openai",
	providerAzureAI: "az.ai.inference",
}

// genAIOperations are gen_ai.operation.name's values for the endpoints.
var genAIOperations = [endpointCount]string{
	endpointChat:        "chat",
	endpointCompletions: "text_completion",
	endpointEmbeddings:  "embeddings",
	endpointImages:      "image_generation",
	endpointRerank:      "rerank",
}

// startSpan starts the attempt's span when the request is traced, and
// makes it the parent of what the attempt sends upstream.
func (c *call) startSpan(r *http.Request, ep endpoint) {
	parent := trace.SpanFromContext(r.Context())
	if !parent.SpanContext().IsValid() {
		return
	}
	d := c.d
	op := genAIOperations[ep]
	ctx, span := parent.TracerProvider().Tracer(tracerName).Start(c.Context(), op+" "+d.upstreamModel,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("gen_ai.system", genAISystems[d.Provider]),
			attribute.String("gen_ai.operation.name", op),
			attribute.String("gen_ai.request.model", d.upstreamModel),
			attribute.String("llm_gateway.alias", d.Alias),
			attribute.Int("llm_gateway.deployment", d.Index),
			attribute.String("llm_gateway.account", d.Account),
		))
	c.SetContext(ctx)
	c.span = span
}

// endSpan ends the attempt's span with what the attempt came to: the
// tokens and finish reason of an answer, or the type of its error.
func (c *call) endSpan(usage translate.Usage, finish string, err *translate.Error) {
	if c.span == nil {
		return
	}
	if c.UpstreamID() != "" {
		c.span.SetAttributes(attribute.String("gen_ai.response.id", c.UpstreamID()))
	}
	if err != nil {
		c.span.SetAttributes(attribute.String("error.type", firstNonEmpty(err.Code, err.Type)))
		c.span.SetStatus(codes.Error, err.Message)
	} else {
		c.span.SetAttributes(
			attribute.String("gen_ai.response.model", c.d.upstreamModel),
			attribute.Int("gen_ai.usage.input_tokens", usage.PromptTokens),
			attribute.Int("gen_ai.usage.output_tokens", usage.CompletionTokens),
		)
		if finish != "" {
			c.span.SetAttributes(attribute.StringSlice("gen_ai.response.finish_reasons", []string{finish}))
		}
	}
	c.span.End()
	c.span = nil
}
