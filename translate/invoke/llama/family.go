package llama

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func init() {
	invoke.Register("llama", Family{}, "meta.llama")
	invoke.Register("llama2", Family{template: llama2{}})
	invoke.Register("llama4", Family{template: llama4})
}

// spec is the Llama body (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html):
// no stop sequences. max_gen_len is left to Bedrock's default (512) when
// the client sets none: it is optional, and any default the gateway chose
// could be too large for a long prompt on a 4K-context Llama 2.
var spec = Spec{Family: "Llama", MaxTokens: "max_gen_len"}

// Family is the Llama family. Its template is the one its model ID names,
// unless it has one of its own.
type Family struct {
	template template
}

// Chat builds a prompt body in the model's chat template. Llama takes
// text only: images, documents, tools and tool calls are refused (or
// dropped with drop_params).
func (f Family) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}}
	turns, err := Turns(req, spec.Family, st, opts.DropParams)
	if err != nil {
		return nil, nil, err
	}
	p, err := spec.ChatParams(req, st, opts)
	if err != nil {
		return nil, nil, err
	}
	t := f.template
	if t == nil {
		t = templateFor(opts.ModelID)
	}
	return spec.Body(t.prompt(turns, opts.UserContinueMessage), &p), st, nil
}

// Text sends the prompt as it is: a text completion's client writes the
// template itself, if it wants one.
func (Family) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{Text: true, IncludeUsage: req.IncludeUsage}}
	p, err := spec.TextParams(req, st, opts)
	if err != nil {
		return nil, nil, err
	}
	return spec.Body(req.Prompt, &p), st, nil
}

// Answer reads {"generation","prompt_token_count","generation_token_count","stop_reason"}.
func (Family) Answer(body []byte, _ *invoke.State, a *translate.Answer) *translate.Error {
	var g Generation
	if !g.Read(body) || !g.HasText {
		return Unreadable("response")
	}
	a.Text = string(g.Text)
	a.Finish = g.FinishReason()
	a.Usage = g.Usage
	return nil
}

// Chunks returns the reader of one stream.
func (Family) Chunks(*invoke.State) invoke.ChunkReader { return &chunks{} }

var _ invoke.Family = Family{}
