package translate

import (
	"encoding/json"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// TextRequest is a legacy text completions request (POST /v1/completions,
// https://platform.openai.com/docs/api-reference/completions/create).
type TextRequest struct {
	Model        string
	Prompt       string
	Stream       bool
	IncludeUsage bool
	MaxTokens    *int
	Temperature  *float64
	TopP         *float64
	Stop         []string
	// Suffix, when set, is text to follow the completion, which few
	// models can take.
	Suffix string

	// Members is every top-level member of the body, raw, as for chat.
	Members []Member
}

// ParseTextRequest parses a text completions body. The prompt is one
// string (or a list of one string): a list of several, or of tokens, is
// a 400, as are echo and best_of, which no upstream the gateway serves
// can honour. Integer parameters are held to the ranges chat holds them
// to.
func ParseTextRequest(body []byte) (*TextRequest, *Error) {
	members, err := SplitObject(body)
	if err != nil {
		return nil, err
	}
	r := &TextRequest{Members: members}
	var prompt []byte
	for _, m := range members {
		if err := r.decode(m, &prompt); err != nil {
			return nil, err
		}
	}
	if r.Model == "" {
		return nil, BadRequest("model", "you must provide a model parameter")
	}
	if prompt == nil || jsonw.IsNull(prompt) {
		return nil, BadRequest("prompt", "'prompt' is a required property")
	}
	if r.Prompt, err = decodePrompt(prompt); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *TextRequest) decode(m Member, prompt *[]byte) *Error {
	if handled, err := decodeHead(m, &r.Model, &r.Stream, &r.IncludeUsage); handled {
		return err
	}
	var err error
	var ierr *Error
	switch m.Key {
	case "prompt":
		*prompt = m.Value
		return nil
	case "max_tokens":
		r.MaxTokens, ierr = decodeInt(m.Value, m.Key, 0, MaxTokenCount)
	case "n":
		ierr = CheckInt(m.Value, m.Key, 1, maxChoices)
	case "temperature":
		r.Temperature, err = decodeFloat(m.Value)
	case "top_p":
		r.TopP, err = decodeFloat(m.Value)
	case "stop":
		err = json.Unmarshal(m.Value, (*stopList)(&r.Stop))
	case "suffix":
		err = unmarshalNullable(m.Value, &r.Suffix)
	case "echo":
		var echo bool
		if err = unmarshalNullable(m.Value, &echo); err == nil && echo {
			ierr = &Error{Status: 400, Type: ErrInvalidRequest, Param: "echo", Code: "unsupported_parameter",
				Message: "'echo' is not supported: the upstream models answer with the completion only"}
		}
	case "best_of":
		ierr = CheckInt(m.Value, m.Key, 1, 1)
	default:
		return nil
	}
	if ierr != nil {
		return ierr
	}
	if err != nil {
		return invalidValue(m.Key, err)
	}
	return nil
}

// decodePrompt reads a prompt: a string, or a list of exactly one.
func decodePrompt(raw []byte) (string, *Error) {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one, nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		if len(list) == 1 {
			return list[0], nil
		}
		return "", BadRequest("prompt", "'prompt' must be one string here: send several prompts as several requests")
	}
	return "", BadRequest("prompt", "'prompt' must be a string: token arrays are not supported, as the upstream models take text")
}

// Chat returns the request as a chat request of one user message, for
// upstreams that only chat: the prompt becomes the message, and every
// other member goes along as it is (model, stream, max_tokens, stop, ...).
func (r *TextRequest) Chat() (*ChatRequest, *Error) {
	body := []byte(`{"messages":[{"role":"user","content":`)
	body = jsonw.AppendString(body, r.Prompt)
	body = append(body, "}]"...)
	for _, m := range r.Members {
		switch m.Key {
		case "prompt", "suffix", "echo", "best_of", "logprobs":
			continue
		}
		body = append(body, ',')
		body = jsonw.AppendString(body, m.Key)
		body = append(body, ':')
		body = append(body, m.Value...)
	}
	return ParseChatRequest(append(body, '}'))
}
