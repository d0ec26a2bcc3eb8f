package azure

import (
	"slices"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// reasoningRefused are the sampling parameters Azure's reasoning models
// answer 400 to ("Unsupported parameter").
var reasoningRefused = []string{
	"temperature", "top_p", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias",
}

// Request builds the body of an Azure chat-completions request from req.
// Values are copied verbatim, so nothing the gateway does not understand
// is lost or altered. It changes only:
//   - model: removed (Azure OpenAI: the deployment is in the URL), or set
//     to opts.Model (Azure AI);
//   - the members that configure the gateway itself (api_key, api_base,
//     azure_*, extra_headers, ...): removed, a client must never steer the
//     gateway;
//   - Azure OpenAI reasoning deployments: max_tokens becomes
//     max_completion_tokens (max_completion_tokens wins if both are set);
//     with DropParams, the sampling parameters they refuse are removed;
//   - thinking, which Azure does not understand: see thinkingEffort;
//   - Azure AI: stop as a string becomes a one-element array, as the schema
//     declares it; in drop mode, members outside the schema are removed
//     (stream_options among them, which is what makes Azure AI answer
//     "Extra parameters ['stream_options'] are not allowed"), and
//     max_completion_tokens becomes max_tokens.
func Request(req *translate.ChatRequest, opts *Options) (body []byte, st *State, err *translate.Error) {
	st = &State{Model: req.Model, IncludeUsage: req.IncludeUsage}
	w := newBodyWriter(req.Members, len(opts.Model))

	effort := ""
	if opts.Kind != AI {
		if effort, err = thinkingEffort(req, opts, st); err != nil {
			return nil, nil, err
		}
	}
	dropMode := opts.Kind == AI && opts.ExtraParameters != ExtraParametersPassThrough &&
		opts.ExtraParameters != ExtraParametersError
	hasMaxTokens := presentNotNull(req.Member("max_tokens"))
	hasMaxCompletion := presentNotNull(req.Member("max_completion_tokens"))

	for _, m := range req.Members {
		switch {
		case m.Key == "model":
			if opts.Kind == AI && opts.Model != "" {
				w.key("model")
				w.out = jsonw.AppendString(w.out, opts.Model)
			}
			continue
		case translate.GatewayField(m.Key):
			continue
		}
		if opts.Kind == AI {
			switch {
			case m.Key == "stop" && jsonw.IsString(m.Value):
				w.key("stop")
				w.out = append(w.out, '[')
				w.out = append(w.out, m.Value...)
				w.out = append(w.out, ']')
			case !dropMode || aiChatSchema(m.Key) && !(m.Key == "max_tokens" && !hasMaxTokens && hasMaxCompletion):
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
				w.out = jsonw.AppendString(w.out, effort)
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

// thinkingEffort decides what becomes of Anthropic-style thinking, which
// Azure does not take. On a reasoning deployment, {"type":"enabled"}
// becomes the reasoning_effort whose LiteLLM budget
// (translate.ReasoningEffortBudget) it reaches, unless the client set
// reasoning_effort itself; anywhere else it is dropped, as a hint rather
// than a contract (as on Bedrock models without extended thinking). A
// thinking.type that is neither enabled nor disabled is refused, as for
// Bedrock.
func thinkingEffort(req *translate.ChatRequest, opts *Options, st *State) (effort string, err *translate.Error) {
	th := req.Thinking
	if th == nil {
		return "", nil
	}
	switch th.Type {
	case "enabled":
	case "disabled":
		return "", nil
	default:
		return "", translate.BadRequest("thinking.type", "invalid value for 'thinking.type': %q (expected \"enabled\" or \"disabled\")", th.Type)
	}
	if !opts.Reasoning || presentNotNull(req.Member("reasoning_effort")) {
		st.drop("thinking")
		return "", nil
	}
	return effortForBudget(th.BudgetTokens), nil
}

// effortForBudget inverts translate.ReasoningEffortBudget: the highest
// effort whose budget the given one reaches. No budget means the default,
// medium.
func effortForBudget(budget int) string {
	medium, _ := translate.ReasoningEffortBudget("medium")
	high, _ := translate.ReasoningEffortBudget("high")
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

// PassThrough builds the body of an embeddings or image-generation
// request from its top-level members, as Request does for chat: model
// removed (Azure OpenAI) or set to opts.Model (Azure AI), gateway fields
// removed, everything else verbatim. In Azure AI drop mode, members outside
// Azure AI's embeddings schema are removed and returned in dropped (Azure
// AI model inference has no image generation).
func PassThrough(members []translate.Member, opts *Options) (body []byte, dropped []string) {
	w := newBodyWriter(members, len(opts.Model))
	dropMode := opts.Kind == AI && opts.ExtraParameters != ExtraParametersPassThrough &&
		opts.ExtraParameters != ExtraParametersError
	for _, m := range members {
		switch {
		case m.Key == "model":
			if opts.Kind == AI && opts.Model != "" {
				w.key("model")
				w.out = jsonw.AppendString(w.out, opts.Model)
			}
		case translate.GatewayField(m.Key):
		case dropMode && !aiEmbeddingsSchema(m.Key):
			if !slices.Contains(dropped, m.Key) {
				dropped = append(dropped, m.Key)
			}
		default:
			w.member(m.Key, m.Value)
		}
	}
	return w.close(), dropped
}

// bodyWriter writes a JSON object member by member.
type bodyWriter struct {
	out []byte
}

func newBodyWriter(members []translate.Member, extra int) bodyWriter {
	size := 2 + extra + 16
	for _, m := range members {
		size += len(m.Key) + len(m.Value) + 8
	}
	out := make([]byte, 1, size)
	out[0] = '{'
	return bodyWriter{out: out}
}

func (w *bodyWriter) key(k string) {
	w.out = jsonw.AppendSep(w.out)
	w.out = jsonw.AppendString(w.out, k)
	w.out = append(w.out, ':')
}

func (w *bodyWriter) member(k string, v []byte) {
	w.key(k)
	w.out = append(w.out, v...)
}

func (w *bodyWriter) close() []byte { return append(w.out, '}') }

// presentNotNull reports whether a raw member value is present and not null.
func presentNotNull(v []byte) bool { return v != nil && !jsonw.IsNull(v) }
