package anthropic

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// text translates a text completion: the prompt is one user message of a
// Messages API body, for every Claude model.
//
// Bedrock also takes Anthropic's legacy Text Completions body for Claude
// 2.x and Instant ({"prompt":"\n\nHuman: ...\n\nAssistant:"}), but it is
// not a raw prompt either (Claude refuses a prompt without those turns),
// it reports no usage in its answer, and it would need an answer and a
// stream reader of its own; the Messages API takes the same models.
func text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	var dropped []string
	for _, p := range []struct {
		param string
		set   bool
	}{
		// Claude completes after the prompt only.
		{"suffix", req.Suffix != ""},
		// A count of log probabilities per token: Claude reports none.
		{"logprobs", logprobsAsked(req)},
	} {
		if !p.set {
			continue
		}
		if !opts.DropParams {
			return nil, nil, translate.Unsupported(p.param, familyName)
		}
		dropped = append(dropped, p.param)
	}
	chatReq, err := req.Chat()
	if err != nil {
		return nil, nil, err
	}
	body, st, err := chat(chatReq, opts)
	if err != nil {
		return nil, nil, err
	}
	st.Text = true
	st.Dropped = append(dropped, st.Dropped...)
	return body, st, nil
}

// logprobsAsked reports whether a text completion asks for log
// probabilities (logprobs: a count above 0).
func logprobsAsked(req *translate.TextRequest) bool {
	for _, m := range req.Members {
		if m.Key == "logprobs" {
			return !jsonw.IsNull(m.Value) && string(m.Value) != "0" && string(m.Value) != "false"
		}
	}
	return false
}
