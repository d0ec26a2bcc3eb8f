package ai21

import (
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// J2 is the family of AI21's Jurassic-2 models (Mid and Ultra), which
// complete a prompt
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-jurassic2.html):
// {"prompt","maxTokens","temperature","topP","stopSequences",
// "countPenalty","presencePenalty","frequencyPenalty"}, the penalties as
// {"scale": x, "applyTo...": bool}. A chat is sent through the template in
// j2_template.go. No maxTokens is sent unless the client sets one:
// Bedrock's default is 200, and a larger one could not be chosen safely,
// as the prompt and the completion share 8191 tokens.
//
// Jurassic-2 has no streaming on Bedrock (InvokeModelWithResponseStream
// refuses it): J2 is invoke.Unstreamed, so a streaming request gets the
// whole answer replayed as a stream.
type J2 struct{}

// Unstreamed tells the gateway to replay whole answers as streams.
func (J2) Unstreamed() bool { return true }

const j2Name = "AI21 Jurassic-2 models"

// j2State is a Jurassic-2 request's state: how its answer's text is
// trimmed.
type j2State struct {
	// chat: the prompt was the chat template; what the model writes after
	// "Assistant:" starts with a space, and may end with the next turn's
	// label, which are the template's, not the answer's.
	chat bool
	// prefill: the template ended with the client's own assistant text,
	// which the answer continues: its leading space is the answer's.
	prefill bool
}

// Chat builds a Jurassic-2 body from a chat completion request.
func (J2) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	turns, dropped, err := invoke.TextTurns(req, "AI21 Jurassic-2", opts.DropParams)
	if err != nil {
		return nil, nil, err
	}
	turns = withText(turns)
	js := &j2State{chat: true, prefill: len(turns) > 0 && turns[len(turns)-1].Role == "assistant"}
	st := &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}, Dropped: dropped, Family: js}
	b := j2Builder{params: params{family: j2Name, drop: opts.DropParams, st: st}, req: req}
	body, err := b.build(chatPrompt(turns), true)
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// Text builds a Jurassic-2 body from a text completion: the prompt is
// sent as it is.
func (J2) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	st := &invoke.State{Answering: translate.Answering{Text: true, IncludeUsage: req.IncludeUsage}, Family: &j2State{}}
	b := j2Builder{params: params{family: j2Name, drop: opts.DropParams, st: st}}
	chat, err := textChat(req, &b.params)
	if err != nil {
		return nil, nil, err
	}
	b.req = chat
	body, err := b.build(req.Prompt, false)
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// j2Builder holds one Jurassic-2 body in progress.
type j2Builder struct {
	params
	req *translate.ChatRequest
	out object
}

// j2Written maps the native members the gateway writes from an OpenAI
// parameter to that parameter: a client sending both would send the
// member twice.
var j2Written = map[string]string{
	"prompt":        "messages",
	"maxTokens":     "max_tokens",
	"topP":          "top_p",
	"stopSequences": "stop",
}

func (b *j2Builder) build(prompt string, chat bool) ([]byte, *translate.Error) {
	req := b.req
	b.out = newObject(len(prompt) + 256)
	b.out.str("prompt", prompt)
	if n := req.MaxOutputTokens(); n != nil {
		b.out.key("maxTokens")
		b.out.b = strconv.AppendInt(b.out.b, int64(*n), 10)
	}
	if v, ok := number(req, "temperature"); ok {
		b.out.raw("temperature", v)
	}
	if v, ok := number(req, "top_p"); ok {
		b.out.raw("topP", v)
	}
	s := stops(req)
	if chat && !slices.Contains(s, turnStop) {
		s = append(s, turnStop)
	}
	if len(s) > 0 {
		b.out.strings("stopSequences", s)
	}
	if err := b.members(); err != nil {
		return nil, err
	}
	return b.out.close(), nil
}

// members writes the penalties and passes through what the gateway does
// not know: Jurassic-2's own members (countPenalty, minTokens, the
// penalties with their applyTo options) as the client wrote them.
func (b *j2Builder) members() *translate.Error {
	return b.each(b.req, func(m translate.Member) *translate.Error {
		switch m.Key {
		case "presence_penalty":
			return b.penalty(m, "presencePenalty")
		case "frequency_penalty":
			return b.penalty(m, "frequencyPenalty")
		case "tools":
			if string(m.Value) != "[]" {
				return b.unsupported(m.Key)
			}
		case "tool_choice":
			if string(m.Value) != `"none"` && string(m.Value) != `"auto"` {
				return b.unsupported(m.Key)
			}
		case "response_format":
			if rf := b.req.ResponseFormat; rf != nil && rf.Type != "text" {
				return b.unsupported(m.Key)
			}
		default:
			if from, ok := j2Written[m.Key]; ok {
				return translate.BadRequest(m.Key, "'%s' is written by the gateway from '%s': send '%s' instead", m.Key, from, from)
			}
			b.out.raw(m.Key, m.Value)
		}
		return nil
	})
}

// penalty writes an OpenAI penalty as Jurassic-2's {"scale": x}. OpenAI's
// penalties run from -2 to 2, Jurassic-2's scales from 0 (to 5 for
// presence, 500 for frequency): a negative penalty, which asks for
// repetition, cannot be honoured; 0 is Jurassic-2's default and is not
// sent.
func (b *j2Builder) penalty(m translate.Member, native string) *translate.Error {
	if b.req.Member(native) != nil {
		return translate.BadRequest(m.Key, "set '%s' or '%s', not both", m.Key, native)
	}
	f, err := strconv.ParseFloat(string(m.Value), 64)
	switch {
	case err != nil:
		return translate.BadRequest(m.Key, "invalid value for '%s': expected a number", m.Key)
	case f == 0:
		return nil
	case f < 0:
		if b.drop {
			b.dropped(m.Key)
			return nil
		}
		return translate.BadRequest(m.Key, "%s cannot encourage repetition: '%s' must be between 0 and 2 (it becomes %s.scale)", j2Name, m.Key, native)
	}
	b.out.key(native)
	b.out.b = append(b.out.b, `{"scale":`...)
	b.out.b = append(b.out.b, m.Value...)
	b.out.b = append(b.out.b, '}')
	return nil
}
