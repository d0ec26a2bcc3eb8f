package deepseek

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama"
)

func init() {
	invoke.Register("deepseek", Family{}, "deepseek.")
}

// spec is DeepSeek's body (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html).
var spec = llama.Spec{Family: "DeepSeek", MaxTokens: "max_tokens", Stop: true}

// r1MaxTokens is the limit sent to DeepSeek R1 when the client sets none.
// R1 reasons before it answers, often for thousands of tokens, so a
// short default would cut most answers off inside the reasoning; AWS
// advises at most 8,192 for answer quality, though it takes 32,768.
// Imported models get none: their limits are unknown.
const r1MaxTokens = 8192

// Family is the DeepSeek family.
type Family struct{}

// reasoning is the per-request state of a chat: whether the prompt leaves
// the model inside a <think> block, so that its answer starts with
// reasoning. Text completions have none: their text is sent as it is.
type reasoning struct {
	open bool
}

// Chat builds a prompt body in DeepSeek's chat template. DeepSeek takes
// text only: images, documents, tools and tool calls are refused (or
// dropped with drop_params). R1 always reasons: thinking and
// reasoning_effort are dropped.
func (Family) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}}
	turns, err := llama.Turns(req, spec.Family, st, opts.DropParams)
	if err != nil {
		return nil, nil, err
	}
	p, err := spec.ChatParams(req, st, opts)
	if err != nil {
		return nil, nil, err
	}
	text, open := prompt(turns)
	st.Family = &reasoning{open: open}
	return spec.Body(text, defaultLimit(&p, opts.ModelID)), st, nil
}

// Text sends the prompt as it is, and the answer's text as it comes,
// <think> tags and all: the client wrote the template, if any.
func (Family) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{Text: true, IncludeUsage: req.IncludeUsage}}
	p, err := spec.TextParams(req, st, opts)
	if err != nil {
		return nil, nil, err
	}
	return spec.Body(req.Prompt, defaultLimit(&p, opts.ModelID)), st, nil
}

// defaultLimit sets R1's limit when the client set none.
func defaultLimit(p *llama.Params, modelID string) *llama.Params {
	if p.MaxTokens == nil && strings.HasPrefix(bedrockruntime.BaseModelID(modelID), "deepseek.r1") {
		n := r1MaxTokens
		p.MaxTokens = &n
	}
	return p
}

// Answer reads a whole answer; in a chat, its reasoning apart.
func (Family) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	var g llama.Generation
	if !read(&g, body) || !g.HasText {
		return llama.Unreadable("response")
	}
	text := g.Text
	if rs, ok := st.Family.(*reasoning); ok {
		t := splitter(rs)
		var r []byte
		r, text = t.Feed(nil, nil, g.Text)
		if r, text = t.Flush(r, text); len(r) > 0 {
			a.Reasoning = []translate.ThinkingBlock{{Type: "thinking", Thinking: string(r)}}
		}
	}
	a.Text = string(text)
	a.Finish = g.FinishReason()
	a.Usage = g.Usage
	return nil
}

// Chunks returns the reader of one stream.
func (Family) Chunks(st *invoke.State) invoke.ChunkReader {
	r := &chunks{}
	if rs, ok := st.Family.(*reasoning); ok {
		r.split, r.think = true, splitter(rs)
	}
	return r
}

// splitter returns the splitter of an answer's <think> text: one that has
// seen <think> already when the prompt opened the block.
func splitter(rs *reasoning) translate.ThinkSplitter {
	var t translate.ThinkSplitter
	if rs.open {
		t.Feed(nil, nil, []byte(thinkOpen))
	}
	return t
}

var _ invoke.Family = Family{}
