package cohere

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// defaultMaxTokens is Command's max_tokens for a chat that sets none.
// Command's own default, 20 tokens, cuts nearly every chat answer short;
// 1024 leaves three quarters of its 4K-token context to the
// conversation. Text completions keep Command's default, as OpenAI's
// completions keep a small one (16).
const defaultMaxTokens = 1024

// commandState is what Command's answers need of the request.
type commandState struct {
	// stops are the stop sequences, cut off the end of the answer.
	stops []string
	// trimStart: the prompt ends with the Chatbot: cue, and the space
	// the model starts its answer with is the template's, not the
	// answer's.
	trimStart bool
}

// commandStateOf is st's commandState; a State made elsewhere has none,
// and then there is nothing to cut.
func commandStateOf(st *invoke.State) *commandState {
	if cs, ok := st.Family.(*commandState); ok {
		return cs
	}
	return &commandState{}
}

// Chat writes the conversation as Command's prompt (template.go). Command
// takes text only: images, documents, tools and tool turns are refused
// with a 400 naming where they are, or left out with drop_params.
func (command) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	turns, dropped, err := invoke.TextTurns(req, commandSpec.name, opts.DropParams)
	if err != nil {
		return nil, nil, err
	}
	st := &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}, Dropped: dropped}
	r := newRequest(&commandSpec, opts, st)
	if len(req.Tools) > 0 {
		// tool_choice goes with them: without tools it chooses nothing.
		if err := r.unsupported("tools"); err != nil {
			return nil, nil, err
		}
	}
	prompt, cue := chatPrompt(turns)
	st.Family = &commandState{stops: req.Stop, trimStart: cue}
	max, maxParam := req.MaxOutputTokens(), "max_tokens"
	if req.MaxCompletionTokens != nil {
		maxParam = "max_completion_tokens"
	}
	body, err := r.commandBody(prompt, max, maxParam, defaultMaxTokens, req.Members, req.Stop, req.Stream)
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// Text sends the prompt as it is.
func (command) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{Text: true, IncludeUsage: req.IncludeUsage}}
	r := newRequest(&commandSpec, opts, st)
	if err := r.textOnly(req); err != nil {
		return nil, nil, err
	}
	st.Family = &commandState{stops: req.Stop}
	body, err := r.commandBody(req.Prompt, req.MaxTokens, "max_tokens", 0, req.Members, req.Stop, req.Stream)
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// commandBody writes Command's body: {"prompt", "max_tokens",
// "temperature", "p", "k", "stop_sequences", "stream", "truncate", ...}.
//
// Command wants "stream": true to stream. Its default truncate, END,
// would cut an over-long prompt's end, the newest turn and the cue,
// without a word; "NONE" makes it a 400, as OpenAI answers, unless the
// client sends a truncate of its own.
func (r *request) commandBody(prompt string, max *int, maxParam string, def int, members []translate.Member, stop []string, stream bool) ([]byte, *translate.Error) {
	if err := r.members(members); err != nil {
		return nil, err
	}
	b := newBody(len(prompt) + 256)
	b.str("prompt", prompt)
	if err := r.sampling(b, max, maxParam, def, members, stop); err != nil {
		return nil, err
	}
	if stream {
		b.raw("stream", []byte("true"))
	}
	if !r.forwards("truncate") {
		b.str("truncate", "NONE")
	}
	if err := b.forward(r.extras, r.spec.name); err != nil {
		return nil, err
	}
	return b.bytes(), nil
}

// forwards reports whether the client sends the model's own key.
func (r *request) forwards(key string) bool {
	for _, m := range r.extras {
		if m.Key == key {
			return true
		}
	}
	return false
}

// textOnly refuses what a text completion asks that no Cohere model
// gives: text after the completion, log probabilities.
func (r *request) textOnly(req *translate.TextRequest) *translate.Error {
	if req.Suffix != "" {
		if err := r.unsupported("suffix"); err != nil {
			return err
		}
	}
	for _, m := range req.Members {
		if m.Key == "logprobs" && !harmless(m) && string(m.Value) != "null" {
			return r.unsupported("logprobs")
		}
	}
	return nil
}
