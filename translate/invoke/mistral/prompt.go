package mistral

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// promptChat builds the body of a chat request for a prompt model:
// {"prompt","max_tokens","temperature","top_p","stop"} and the model's own
// parameters (top_k), the conversation rendered in the [INST] template.
// The models take text only and have no tools: images, documents, tool
// calls and results, tools and a JSON response_format are refused with a
// 400 naming where they are, or left out with drop_params.
func promptChat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	turns, dropped, err := invoke.TextTurns(req, promptModels, opts.DropParams)
	if err != nil {
		return nil, nil, err
	}
	prompt := instPrompt(turns, opts.UserContinueMessage)
	b := newBuilder(opts, promptModels, len(prompt))
	b.st.Dropped = dropped
	b.st.IncludeUsage = req.IncludeUsage
	if err := b.noTools(req); err != nil {
		return nil, nil, err
	}
	b.key("prompt")
	b.out = jsonw.AppendString(b.out, prompt)
	if err := b.sampling(req.MaxOutputTokens(), maxTokensParam(req), req.Temperature, req.TopP, req.Stop); err != nil {
		return nil, nil, err
	}
	if err := b.members(req.Members, chatOwn); err != nil {
		return nil, nil, err
	}
	return b.done()
}

// promptText builds the body of a text completion for a prompt model:
// the client's prompt as it is, no template, as a completion model
// expects.
func promptText(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	b := newBuilder(opts, promptModels, len(req.Prompt))
	b.st.Text = true
	b.st.IncludeUsage = req.IncludeUsage
	b.key("prompt")
	b.out = jsonw.AppendString(b.out, req.Prompt)
	if err := b.sampling(req.MaxTokens, "max_tokens", req.Temperature, req.TopP, req.Stop); err != nil {
		return nil, nil, err
	}
	if err := b.members(req.Members, textOwn); err != nil {
		return nil, nil, err
	}
	return b.done()
}

// noTools refuses what asks a prompt model for tools or JSON. A
// tool_choice of "none" or "auto" asks nothing: it passes, and with
// tools dropped it is dropped too.
func (b *builder) noTools(req *translate.ChatRequest) *translate.Error {
	if len(req.Tools) > 0 {
		if err := b.unsupported("tools"); err != nil {
			return err
		}
	}
	if tc := req.ToolChoice; tc != nil {
		switch {
		case tc.Mode == "required" || tc.Mode == "function":
			if err := b.unsupported("tool_choice"); err != nil {
				return err
			}
		case len(req.Tools) > 0 && tc.Mode == "auto":
			b.drop("tool_choice")
		}
	}
	schema, err := req.ResponseFormat.Schema()
	if err != nil {
		return err
	}
	if schema != nil {
		return b.unsupported("response_format")
	}
	return nil
}
