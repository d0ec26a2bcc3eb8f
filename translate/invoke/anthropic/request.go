package anthropic

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/turns"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// chat translates a chat request into a Messages API body. It decodes
// req's content if that is not done yet, and does not keep req: the body
// is self-contained.
func chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	fs := &state{}
	b := &builder{
		req:   req,
		opts:  opts,
		model: lookupModel(opts.ModelID),
		st:    &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}, Family: fs},
		fs:    fs,
		out:   requestBody{AnthropicVersion: anthropicVersion},
	}
	// Thinking comes first, after the bounds it relies on: it decides
	// max_tokens and whether a tool may be forced. Messages come before
	// tools: a history with tool blocks needs tools declared.
	for _, step := range []func() *translate.Error{b.bounds, b.thinking, b.members, b.messages, b.tools, b.params} {
		if err := step(); err != nil {
			return nil, nil, err
		}
	}
	body, err := b.marshal()
	if err != nil {
		return nil, nil, err
	}
	return body, b.st, nil
}

// builder holds one translation in progress.
type builder struct {
	req   *translate.ChatRequest
	opts  *invoke.Options
	model model
	st    *invoke.State
	fs    *state
	out   requestBody

	// extra holds the members passed through, each as ,"key":value.
	extra []byte
	// thinkingBudget is the extended-thinking budget sent, 0 when off.
	thinkingBudget int
	// system collects the system prompt's text blocks.
	system []block
	// turns holds the conversation as it is built.
	turns turns.Builder[block]
}

// drop records a parameter removed from the request, once.
func (b *builder) drop(param string) {
	if !slices.Contains(b.st.Dropped, param) {
		b.st.Dropped = append(b.st.Dropped, param)
	}
}

// unsupported refuses param, or drops it when the line drops parameters.
func (b *builder) unsupported(param string) *translate.Error {
	if !b.opts.DropParams {
		return translate.Unsupported(param, familyName)
	}
	b.drop(param)
	return nil
}

// cache returns cc for a model that caches prompts; on other models
// cache_control is dropped: it is a hint, and Bedrock refuses it there.
func (b *builder) cache(cc *translate.CacheControl) *translate.CacheControl {
	if cc == nil || b.model.CachePoints {
		return cc
	}
	b.drop("cache_control")
	return nil
}

// cacheLast puts cc on the block added last, for a message's
// cache_control: Anthropic caches the prompt up to a marked block.
func (b *builder) cacheLast(cc *translate.CacheControl) {
	if cc = b.cache(cc); cc == nil {
		return
	}
	if x := b.turns.LastBlock(); x != nil {
		x.CacheControl = cc
	}
}

// addExtra passes a member through as the client sent it.
func (b *builder) addExtra(key string, raw []byte) {
	b.extra = append(b.extra, ',')
	b.extra = jsonw.AppendString(b.extra, key)
	b.extra = append(b.extra, ':')
	b.extra = append(b.extra, raw...)
}

// marshal encodes the body once, then the members passed through. HTML
// escaping is off: it only makes the body larger.
func (b *builder) marshal() ([]byte, *translate.Error) {
	size := 512 + len(b.extra)
	for _, m := range b.req.Members {
		size += len(m.Value)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&b.out); err != nil {
		// Every raw value was checked or built here, so this is a bug.
		return nil, &translate.Error{Status: http.StatusInternalServerError, Type: translate.ErrServer,
			Message: "could not encode the Anthropic request: " + err.Error()}
	}
	body := buf.Bytes()
	body = body[:len(body)-2] // Encode's "}\n"
	body = append(body, b.extra...)
	return append(body, '}'), nil
}
