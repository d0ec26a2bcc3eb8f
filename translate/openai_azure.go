package translate

import (
	"slices"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// The OpenAI → Azure translation is a pass-through: Azure OpenAI speaks
// OpenAI's API, and Azure AI model inference a subset of it. The body is
// rebuilt from the request's top-level members, values copied byte for
// byte, with only the changes Azure needs:
//
//	openai_azure.go        options, state, chat requests
//	openai_azure_schema.go what Azure AI model inference accepts
//	azure_openai.go        responses (and embeddings, images)
//	azure_stream.go        SSE chunks
//	azure_stream_sse.go    the SSE line scanner
//	azure_errors.go        error replies
//	think.go               <think> text → reasoning_content

// Azure provider kinds, as in targets (azure/<deployment>, azure_ai/<model>).
const (
	AzureOpenAI = "azure"    // Azure OpenAI deployments
	AzureAI     = "azure_ai" // Azure AI model inference (serverless and Foundry)
)

// Modes of Azure AI model inference's extra-parameters header: what Azure
// does with body members its schema does not declare.
const (
	ExtraParametersDrop        = "drop"         // the gateway and Azure remove them (default)
	ExtraParametersPassThrough = "pass-through" // they go to the model
	ExtraParametersError       = "error"        // Azure refuses the request
)

// AzureOptions configure one Azure route's translation. They are built
// once per model at provision time and only read afterwards.
type AzureOptions struct {
	// Kind is AzureOpenAI or AzureAI.
	Kind string
	// Deployment is the Azure OpenAI deployment (in the URL, not the body).
	Deployment string
	// Model is the model name put in the body's "model" for AzureAI:
	// Foundry routes on it, serverless endpoints ignore it. Empty leaves
	// "model" out.
	Model string
	// Reasoning marks an Azure OpenAI deployment of a reasoning model
	// (o-series, gpt-5): max_tokens is sent as max_completion_tokens, and
	// thinking can become reasoning_effort. See AzureReasoningDeployment.
	Reasoning bool
	// NonReasoning marks an Azure OpenAI deployment whose name says its
	// model refuses reasoning_effort, which is then dropped. See
	// AzureNonReasoningDeployment.
	NonReasoning bool
	// ExtraParameters is the AzureAI extra-parameters mode; "" is
	// ExtraParametersDrop.
	ExtraParameters string
	// DropParams drops, on reasoning deployments, the sampling parameters
	// reasoning models refuse (temperature, top_p, penalties, logprobs,
	// logit_bias) instead of letting Azure answer 400.
	DropParams bool
}

// AzureState is what the response translators need to know about the
// request they answer. One per request; not safe for concurrent use.
type AzureState struct {
	// Model is echoed as "model" in responses: the alias the client asked for.
	Model string
	// IncludeUsage is stream_options.include_usage.
	IncludeUsage bool
	// StreamOptionsDropped is set when the gateway removed stream_options
	// (Azure AI's schema lacks it) although the client asked for usage:
	// the usage chunk then depends on the model sending usage unasked.
	StreamOptionsDropped bool
	// Dropped lists parameters removed from the request, for the debug log.
	Dropped []string
}

func (s *AzureState) drop(param string) {
	if !slices.Contains(s.Dropped, param) {
		s.Dropped = append(s.Dropped, param)
	}
}

// AzureReasoningDeployment guesses from a deployment's name whether it
// serves a reasoning model: o1, o3, o4 and their variants, codex-mini, and
// the gpt-5 family except gpt-5-chat. Azure deployments have names of
// their own choosing, so this works only when deployments are named after
// their model, as the Azure portal suggests.
func AzureReasoningDeployment(name string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "gpt-5-chat") {
		return false
	}
	for _, p := range [...]string{"o1", "o3", "o4", "gpt-5", "codex-mini"} {
		if rest, ok := strings.CutPrefix(n, p); ok && (rest == "" || strings.IndexByte("-_.", rest[0]) >= 0) {
			return true
		}
	}
	return false
}

// AzureNonReasoningDeployment reports whether a deployment's name says it
// serves a model that refuses reasoning_effort: the gpt-4 and gpt-3.5
// families and gpt-5-chat. Names that say nothing either way get
// reasoning_effort passed through: only Azure knows.
func AzureNonReasoningDeployment(name string) bool {
	n := strings.ToLower(name)
	for _, p := range [...]string{"gpt-4", "gpt-35", "gpt-3.5", "gpt-5-chat"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// reasoningRefused are the sampling parameters Azure's reasoning models
// answer 400 to ("Unsupported parameter").
var reasoningRefused = []string{
	"temperature", "top_p", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias",
}

// ToAzure builds the body of an Azure chat-completions request from req.
// Values are copied verbatim, so nothing the gateway does not understand
// is lost or altered. It changes only:
//   - model: removed (AzureOpenAI: the deployment is in the URL), or set to
//     opts.Model (AzureAI);
//   - the members that configure the gateway itself (api_key, api_base,
//     azure_*, extra_headers, ...): removed, a client must never steer the
//     gateway;
//   - AzureOpenAI reasoning deployments: max_tokens becomes
//     max_completion_tokens (max_completion_tokens wins if both are set);
//     with DropParams, the sampling parameters they refuse are removed;
//   - thinking, which Azure does not understand: see azureThinking;
//   - AzureAI: stop as a string becomes a one-element array, as the schema
//     declares it; in drop mode, members outside the schema are removed
//     (stream_options among them, which is what makes Azure AI answer
//     "Extra parameters ['stream_options'] are not allowed"), and
//     max_completion_tokens becomes max_tokens.
func ToAzure(req *ChatRequest, opts *AzureOptions) (body []byte, st *AzureState, err *Error) {
	st = &AzureState{Model: req.Model, IncludeUsage: req.IncludeUsage}
	w := newAzureBody(req.Members, len(opts.Model))

	effort := ""
	if opts.Kind != AzureAI {
		if effort, err = azureThinking(req, opts, st); err != nil {
			return nil, nil, err
		}
	}
	dropMode := opts.Kind == AzureAI && opts.ExtraParameters != ExtraParametersPassThrough &&
		opts.ExtraParameters != ExtraParametersError
	hasMaxTokens := presentNotNull(req.Member("max_tokens"))
	hasMaxCompletion := presentNotNull(req.Member("max_completion_tokens"))

	for _, m := range req.Members {
		switch {
		case m.Key == "model":
			if opts.Kind == AzureAI && opts.Model != "" {
				w.key("model")
				w.out = AppendString(w.out, opts.Model)
			}
			continue
		case gatewayField(m.Key):
			continue
		}
		if opts.Kind == AzureAI {
			switch {
			case m.Key == "stop" && jsonw.IsString(m.Value):
				w.key("stop")
				w.out = append(w.out, '[')
				w.out = append(w.out, m.Value...)
				w.out = append(w.out, ']')
			case !dropMode || azureAIChatSchema(m.Key) && !(m.Key == "max_tokens" && !hasMaxTokens && hasMaxCompletion):
				w.member(m.Key, m.Value)
			case m.Key == "max_completion_tokens" && !hasMaxTokens && hasMaxCompletion:
				w.member("max_tokens", m.Value)
			case m.Key == "max_tokens":
				// null, replaced by max_completion_tokens
			default:
				st.drop(m.Key)
				if m.Key == "stream_options" && req.IncludeUsage {
					st.StreamOptionsDropped = true
				}
			}
			continue
		}
		switch {
		case m.Key == "thinking":
			if effort != "" {
				w.key("reasoning_effort")
				w.out = AppendString(w.out, effort)
			}
		case m.Key == "reasoning_effort" && effort != "":
			// null here; the effort from thinking takes its place.
		case m.Key == "reasoning_effort" && opts.NonReasoning:
			// As on Bedrock: a hint the model cannot take is dropped, not
			// sent to fail upstream.
			st.drop(m.Key)
		case opts.Reasoning && m.Key == "max_tokens":
			switch {
			case hasMaxCompletion:
				if hasMaxTokens {
					st.drop("max_tokens")
				}
			case hasMaxTokens:
				w.member("max_completion_tokens", m.Value)
			}
		case opts.Reasoning && m.Key == "max_completion_tokens" && !hasMaxCompletion && hasMaxTokens:
			// null; max_tokens is sent under this name instead.
		case opts.Reasoning && opts.DropParams && slices.Contains(reasoningRefused, m.Key):
			st.drop(m.Key)
		default:
			w.member(m.Key, m.Value)
		}
	}
	return w.close(), st, nil
}

// azureThinking decides what becomes of Anthropic-style thinking, which
// Azure does not take. On a reasoning deployment, {"type":"enabled"}
// becomes the reasoning_effort whose LiteLLM budget (ReasoningEffortBudget)
// it reaches, unless the client set reasoning_effort itself; anywhere else
// it is dropped, as a hint rather than a contract (as on Bedrock models
// without extended thinking). A thinking.type that is neither enabled nor
// disabled is refused, as for Bedrock.
func azureThinking(req *ChatRequest, opts *AzureOptions, st *AzureState) (effort string, err *Error) {
	th := req.Thinking
	if th == nil {
		return "", nil
	}
	switch th.Type {
	case "enabled":
	case "disabled":
		return "", nil
	default:
		return "", BadRequest("thinking.type", "invalid value for 'thinking.type': %q (expected \"enabled\" or \"disabled\")", th.Type)
	}
	if !opts.Reasoning || presentNotNull(req.Member("reasoning_effort")) {
		st.drop("thinking")
		return "", nil
	}
	return effortForBudget(th.BudgetTokens), nil
}

// effortForBudget inverts ReasoningEffortBudget: the highest effort whose
// budget the given one reaches. No budget means the default, medium.
func effortForBudget(budget int) string {
	medium, _ := ReasoningEffortBudget("medium")
	high, _ := ReasoningEffortBudget("high")
	switch {
	case budget <= 0:
		return "medium"
	case budget >= high:
		return "high"
	case budget >= medium:
		return "medium"
	}
	return "low"
}

// ToAzurePassThrough builds the body of an embeddings or image-generation
// request from its top-level members, as ToAzure does for chat: model
// removed (AzureOpenAI) or set to opts.Model (AzureAI), gateway fields
// removed, everything else verbatim. In AzureAI drop mode, members outside
// Azure AI's embeddings schema are removed and returned in dropped (Azure
// AI model inference has no image generation).
func ToAzurePassThrough(members []Member, opts *AzureOptions) (body []byte, dropped []string) {
	w := newAzureBody(members, len(opts.Model))
	dropMode := opts.Kind == AzureAI && opts.ExtraParameters != ExtraParametersPassThrough &&
		opts.ExtraParameters != ExtraParametersError
	for _, m := range members {
		switch {
		case m.Key == "model":
			if opts.Kind == AzureAI && opts.Model != "" {
				w.key("model")
				w.out = AppendString(w.out, opts.Model)
			}
		case gatewayField(m.Key):
		case dropMode && !azureAIEmbeddingsSchema(m.Key):
			if !slices.Contains(dropped, m.Key) {
				dropped = append(dropped, m.Key)
			}
		default:
			w.member(m.Key, m.Value)
		}
	}
	return w.close(), dropped
}

// azureBody writes a JSON object member by member.
type azureBody struct {
	out []byte
}

func newAzureBody(members []Member, extra int) azureBody {
	size := 2 + extra + 16
	for _, m := range members {
		size += len(m.Key) + len(m.Value) + 8
	}
	out := make([]byte, 1, size)
	out[0] = '{'
	return azureBody{out: out}
}

func (w *azureBody) key(k string) {
	w.out = jsonw.AppendSep(w.out)
	w.out = AppendString(w.out, k)
	w.out = append(w.out, ':')
}

func (w *azureBody) member(k string, v []byte) {
	w.key(k)
	w.out = append(w.out, v...)
}

func (w *azureBody) close() []byte { return append(w.out, '}') }

// presentNotNull reports whether a raw member value is present and not null.
func presentNotNull(v []byte) bool { return v != nil && !jsonw.IsNull(v) }
