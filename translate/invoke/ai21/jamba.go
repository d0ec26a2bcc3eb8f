package ai21

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Jamba is the family of AI21's Jamba models (Jamba-Instruct, Jamba 1.5
// Mini and Large). Their InvokeModel body is a chat much like OpenAI's
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-jamba.html):
// messages of role and string content, max_tokens, temperature, top_p,
// stop, n, frequency_penalty and presence_penalty under OpenAI's own
// names, and on Jamba 1.5 tools and response_format json_object. No
// max_tokens is sent unless the client sets one: Bedrock's default, 4096,
// is also the most the models write.
type Jamba struct{}

const (
	jambaName         = "AI21 Jamba models"
	jambaInstructName = "AI21 Jamba-Instruct models"
)

// Chat builds a Jamba body from a chat completion request.
func (Jamba) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}}
	b := newJambaBuilder(req, opts, st)
	body, err := b.build()
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// Text builds a Jamba body from a text completion: the prompt is one
// user message, sent without a template (Jamba has its own).
func (Jamba) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{Text: true, IncludeUsage: req.IncludeUsage}}
	b := newJambaBuilder(nil, opts, st)
	chat, err := textChat(req, &b.params)
	if err != nil {
		return nil, nil, err
	}
	b.req = chat
	body, err := b.build()
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// jambaTools reports whether a Jamba model takes tools and
// response_format: Jamba 1.5 does, Jamba-Instruct, the first Jamba, does
// not. A model the ID does not name is given the benefit of the doubt,
// and Bedrock the last word.
func jambaTools(modelID string) bool {
	return !strings.HasPrefix(bedrockruntime.BaseModelID(modelID), "ai21.jamba-instruct")
}

// jambaBuilder holds one Jamba body in progress.
type jambaBuilder struct {
	params
	req *translate.ChatRequest
	// tools: the model takes tools and response_format.
	tools bool
	out   object
}

func newJambaBuilder(req *translate.ChatRequest, opts *invoke.Options, st *invoke.State) *jambaBuilder {
	return &jambaBuilder{
		params: params{family: jambaName, drop: opts.DropParams, st: st},
		req:    req,
		tools:  jambaTools(opts.ModelID),
	}
}

func (b *jambaBuilder) build() ([]byte, *translate.Error) {
	req := b.req
	if err := req.DecodeContent(); err != nil {
		return nil, err
	}
	size := 256
	for _, m := range req.Members {
		size += len(m.Value)
	}
	b.out = newObject(size)
	if err := b.messages(); err != nil {
		return nil, err
	}
	if n := req.MaxOutputTokens(); n != nil {
		b.out.key("max_tokens")
		b.out.b = strconv.AppendInt(b.out.b, int64(*n), 10)
	}
	for _, k := range [...]string{"temperature", "top_p"} {
		if v, ok := number(req, k); ok {
			b.out.raw(k, v)
		}
	}
	if s := stops(req); len(s) > 0 {
		b.out.strings("stop", s)
	}
	if err := b.toolConfig(); err != nil {
		return nil, err
	}
	if err := b.members(); err != nil {
		return nil, err
	}
	return b.out.close(), nil
}

// members writes what is left of the request's members: the penalties,
// which Jamba takes under OpenAI's names, and any member the gateway does
// not know, passed through for the model (documents, ...) as Converse
// passes them in additionalModelRequestFields.
func (b *jambaBuilder) members() *translate.Error {
	return b.each(b.req, func(m translate.Member) *translate.Error {
		switch m.Key {
		case "tools", "tool_choice", "response_format":
			// toolConfig's.
		default:
			b.out.raw(m.Key, m.Value)
		}
		return nil
	})
}
