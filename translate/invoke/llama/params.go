package llama

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Spec describes the body of a prompt family: {"prompt", a token limit,
// "temperature", "top_p"} and, for some, "stop".
type Spec struct {
	// Family names the models in errors: "Llama", "DeepSeek".
	Family string
	// MaxTokens is the body's name for the output limit: max_gen_len,
	// max_tokens.
	MaxTokens string
	// Stop: the body takes stop sequences, as "stop".
	Stop bool
}

// Params are what a body says besides the prompt.
type Params struct {
	MaxTokens   *int
	Temperature *float64
	TopP        *float64
	Stop        []string
	// Extra are the members the gateway does not know, which go to the
	// model as they are (top_k for a model that takes it); a model that
	// does not take one answers with its own 400.
	Extra []translate.Member
}

// ChatParams reads a chat request's parameters, after its content is
// decoded (Turns does that). Parameters the family cannot honour are a
// 400, or dropped with drop_params; thinking and reasoning_effort, which
// no prompt family can be told, are always dropped. Dropped names go to
// st.Dropped.
func (s *Spec) ChatParams(req *translate.ChatRequest, st *invoke.State, opts *invoke.Options) (Params, *translate.Error) {
	p := Params{MaxTokens: req.MaxOutputTokens(), Temperature: req.Temperature, TopP: req.TopP}
	param := "max_tokens"
	if req.MaxCompletionTokens != nil {
		param = "max_completion_tokens"
	}
	err := s.sort(&p, req.Members, req, param, req.Stop, st, opts)
	return p, err
}

// TextParams reads a text completion's parameters, as ChatParams does.
func (s *Spec) TextParams(req *translate.TextRequest, st *invoke.State, opts *invoke.Options) (Params, *translate.Error) {
	p := Params{MaxTokens: req.MaxTokens, Temperature: req.Temperature, TopP: req.TopP}
	err := s.sort(&p, req.Members, nil, "max_tokens", req.Stop, st, opts)
	return p, err
}

// minMaxTokens is the smallest output limit the models take (1 for both
// max_gen_len and DeepSeek's max_tokens in Bedrock's parameter tables),
// checked here so that the 400 names the client's parameter.
const minMaxTokens = 1

// sort checks the limit, then goes through the top-level members in
// order, so that the 400 names the first parameter refused. chat is nil
// for a text completion.
func (s *Spec) sort(p *Params, members []translate.Member, chat *translate.ChatRequest, maxParam string,
	stop []string, st *invoke.State, opts *invoke.Options) *translate.Error {
	if n := p.MaxTokens; n != nil && *n < minMaxTokens {
		return translate.OutOfRange(maxParam, minMaxTokens, translate.MaxTokenCount, strconv.Itoa(*n))
	}
	if s.Stop {
		p.Stop = nonEmpty(stop)
	}
	for _, m := range members {
		switch s.member(m, chat, stop) {
		case refused:
			if !opts.DropParams {
				return translate.Unsupported(m.Key, s.Family+" models")
			}
			drop(st, m.Key)
		case dropped:
			drop(st, m.Key)
		case extra:
			p.Extra = append(p.Extra, m)
		}
	}
	return nil
}

// nonEmpty leaves out empty stop sequences, which can never match and
// which models refuse.
func nonEmpty(stop []string) []string {
	var out []string
	for _, s := range stop {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
