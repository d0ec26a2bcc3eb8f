package amazon

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Titan is the family of the Amazon Titan Text models (Lite, Express,
// Premier): a prompt in, text out. They take no images, tools or
// reasoning, and only two stop sequences (titan_stop.go).
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html
type Titan struct{}

// titanName names the family in errors.
const titanName = "Titan Text"

// Chat renders the conversation as Titan's chat prompt (titan_template.go).
// max_tokens has no default here: Titan does not require maxTokenCount,
// and its own default (512) is what AWS documents for these models.
func (Titan) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	p := &params{family: titanName, drop: opts.DropParams}
	if err := p.titanChat(req); err != nil {
		return nil, nil, err
	}
	turns, dropped, err := invoke.TextTurns(req, titanName, opts.DropParams)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range dropped {
		p.note(d)
	}
	prompt, err := titanPrompt(turns)
	if err != nil {
		return nil, nil, err
	}
	cfg := titanConfig{maxTokens: req.MaxOutputTokens(), temperature: req.Member("temperature"), topP: req.Member("top_p")}
	if cfg.stop, err = p.titanStop(req.Stop); err != nil {
		return nil, nil, err
	}
	return titanBody(prompt, &cfg), &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}, Dropped: p.dropped}, nil
}

// Text sends the prompt as it is.
func (Titan) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	p := &params{family: titanName, drop: opts.DropParams}
	for _, m := range req.Members {
		var err *translate.Error
		switch m.Key {
		case "max_tokens", "temperature", "top_p", "stop":
			// Translated below.
		case "suffix":
			if req.Suffix != "" {
				err = p.unsupported(m.Key)
			}
		default:
			err = p.rest(m)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	cfg := titanConfig{maxTokens: req.MaxTokens, temperature: member(req.Members, "temperature"), topP: member(req.Members, "top_p")}
	var err *translate.Error
	if cfg.stop, err = p.titanStop(req.Stop); err != nil {
		return nil, nil, err
	}
	st := &invoke.State{Answering: translate.Answering{Text: true, IncludeUsage: req.IncludeUsage}, Dropped: p.dropped}
	return titanBody(req.Prompt, &cfg), st, nil
}

// titanChat sorts a chat request's members: Titan has no tools, no
// structured output and no top_k.
func (p *params) titanChat(req *translate.ChatRequest) *translate.Error {
	for _, m := range req.Members {
		var err *translate.Error
		switch m.Key {
		case "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop":
			// Translated by Chat.
		case "tools":
			if len(req.Tools) > 0 {
				err = p.unsupported(m.Key)
			}
		case "tool_choice":
			// "none" and "auto" ask nothing a model without tools
			// cannot do.
			if tc := req.ToolChoice; tc != nil && tc.Mode != "none" && tc.Mode != "auto" {
				err = p.unsupported(m.Key)
			}
		case "response_format":
			if rf := req.ResponseFormat; rf != nil && rf.Type != "text" {
				err = p.unsupported(m.Key)
			}
		default:
			err = p.rest(m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// member returns the raw value of the member key, nil when absent or null.
func member(members []translate.Member, key string) []byte {
	for _, m := range members {
		if m.Key == key && !jsonw.IsNull(m.Value) {
			return m.Value
		}
	}
	return nil
}

// titanConfig is textGenerationConfig. Sampling values are the client's
// own JSON numbers, already checked to be numbers when the request was
// parsed: Bedrock holds them to its ranges.
type titanConfig struct {
	maxTokens         *int
	temperature, topP []byte
	stop              string
}

// titanBody builds {"inputText","textGenerationConfig"}, leaving the
// config out when the client set nothing.
func titanBody(input string, c *titanConfig) []byte {
	b := make([]byte, 0, len(input)+128)
	b = append(b, `{"inputText":`...)
	b = jsonw.AppendString(b, input)
	bare := len(b)
	b = append(b, `,"textGenerationConfig":{`...)
	if c.maxTokens != nil {
		b = append(b, `"maxTokenCount":`...)
		b = strconv.AppendInt(b, int64(*c.maxTokens), 10)
	}
	if c.temperature != nil && !jsonw.IsNull(c.temperature) {
		b = jsonw.AppendSep(b)
		b = append(b, `"temperature":`...)
		b = append(b, c.temperature...)
	}
	if c.topP != nil && !jsonw.IsNull(c.topP) {
		b = jsonw.AppendSep(b)
		b = append(b, `"topP":`...)
		b = append(b, c.topP...)
	}
	if c.stop != "" {
		b = jsonw.AppendSep(b)
		b = append(b, `"stopSequences":[`...)
		b = jsonw.AppendString(b, c.stop)
		b = append(b, ']')
	}
	if b[len(b)-1] == '{' {
		b = b[:bare]
	} else {
		b = append(b, '}')
	}
	return append(b, '}')
}
