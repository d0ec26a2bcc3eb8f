package amazon

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/converse"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Nova is the family of the Amazon Nova understanding models (Micro,
// Lite, Pro, Premier, Nova 2). Their InvokeModel body, schema
// "messages-v1", is a Converse request in all but a few members, so
// converse.Request builds it, with everything the gateway does for
// Converse (turn merging, images, tools, tool ids, response_format,
// cache points), from a request first held to what Nova's InvokeModel
// takes (nova_content.go).
// https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html
type Nova struct{}

// novaName names the family in errors.
const novaName = "Nova"

// novaModel is what converse.Request needs to know of a Nova model: it
// forces tools by name or any, takes cache points, and does not think on
// request (thinking and reasoning_effort are dropped, as for Converse).
var novaModel = bedrockruntime.Model{Provider: "amazon", ToolChoiceAny: true, ToolChoiceTool: true, CachePoints: true}

// maxTopK bounds top_k as converse does: a count of candidate tokens, so
// nothing above the largest vocabulary means anything.
const maxTopK = 1_000_000

// Chat builds the messages-v1 body. Nova needs no max_tokens: without
// one the model's own limit applies.
func (Nova) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	p := &params{family: novaName, drop: opts.DropParams}
	conv, topK, err := p.nova(req)
	if err != nil {
		return nil, nil, err
	}
	model := novaModel
	model.ID = bedrockruntime.BaseModelID(opts.ModelID)
	body, cst, err := converse.Request(conv, &converse.Options{
		Model:               model,
		DropParams:          opts.DropParams,
		UserContinueMessage: opts.UserContinueMessage,
		FetchImage:          opts.FetchImage,
	})
	if err != nil {
		return nil, nil, err
	}
	for _, d := range cst.Dropped {
		p.note(d)
	}
	st := &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}, Dropped: p.dropped, Family: cst}
	return novaBody(body, topK), st, nil
}

// Text sends the prompt as one user message.
func (n Nova) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	p := &params{family: novaName, drop: opts.DropParams}
	if req.Suffix != "" {
		if err := p.unsupported("suffix"); err != nil {
			return nil, nil, err
		}
	}
	chat, err := req.Chat()
	if err != nil {
		return nil, nil, err
	}
	body, st, err := n.Chat(chat, opts)
	if err != nil {
		return nil, nil, err
	}
	st.Text = true
	st.Dropped = append(p.dropped, st.Dropped...)
	return body, st, nil
}

// nova returns the request converse.Request is to translate: req's
// members that Converse and Nova translate alike, and its content held
// to what Nova's InvokeModel takes. top_k, which Nova takes in its own
// inferenceConfig, is returned apart; every other member is sorted by
// rest, since Nova's body has no place for additional fields. req itself
// is left as it is: a fallback to another model may need all of it.
func (p *params) nova(req *translate.ChatRequest) (conv *translate.ChatRequest, topK []byte, err *translate.Error) {
	c := *req
	c.Members = make([]translate.Member, 0, len(req.Members))
	for _, m := range req.Members {
		switch m.Key {
		case "model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens",
			"temperature", "top_p", "stop", "tools", "tool_choice", "response_format", "thinking", "reasoning_effort":
			c.Members = append(c.Members, m)
		case "top_k":
			if err := translate.CheckInt(m.Value, m.Key, 0, maxTopK); err != nil {
				return nil, nil, err
			}
			if !jsonw.IsNull(m.Value) {
				topK = m.Value
			}
		default:
			if err := p.rest(m); err != nil {
				return nil, nil, err
			}
		}
	}
	if c.Messages, err = p.novaMessages(req.Messages); err != nil {
		return nil, nil, err
	}
	c.Tools = p.novaTools(req.Tools)
	return &c, topK, nil
}

// novaBody makes a Converse body Nova's: marked with its schema version,
// and with top_k as inferenceConfig.topK. The Converse body is valid
// JSON of converse.RequestBody, so it starts with '{' and its
// inferenceConfig, when present, is a non-empty object.
func novaBody(conv, topK []byte) []byte {
	const head = `{"schemaVersion":"messages-v1",`
	b := make([]byte, 0, len(head)+len(conv)+len(topK)+32)
	b = append(b, head...)
	if topK == nil {
		return append(b, conv[1:]...)
	}
	members, _ := jsonw.ObjectMembers(conv)
	for k, _, ok := members.Next(); ok; k, _, ok = members.Next() {
		if jsonw.KeyIs(k, "inferenceConfig") {
			end := members.ValueEnd() - 1 // its closing brace
			b = append(b, conv[1:end]...)
			b = append(b, `,"topK":`...)
			b = append(b, topK...)
			return append(b, conv[end:]...)
		}
	}
	b = append(b, conv[1:len(conv)-1]...)
	b = append(b, `,"inferenceConfig":{"topK":`...)
	b = append(b, topK...)
	return append(b, "}}"...)
}
