package converse

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/turns"
)

// defaultCachePoint is shared by every cachePoint block: it is never written.
var defaultCachePoint = &CachePointBlock{Type: "default"}

// Request translates a decoded request into a Converse request body.
// It decodes req's content if that is not done yet (DecodeContent), and
// does not keep req: the body is self-contained.
func Request(req *translate.ChatRequest, opts *Options) (body []byte, st *State, err *translate.Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	c := &builder{
		req:  req,
		opts: opts,
		st:   &State{Model: req.Model, IncludeUsage: req.IncludeUsage},
	}
	// Thinking comes first, after the bounds it relies on: it decides
	// maxTokens and whether a tool may be forced. Messages come before
	// tools: a history with tool blocks needs a toolConfig.
	if err := c.bounds(); err != nil {
		return nil, nil, err
	}
	if err := c.thinking(); err != nil {
		return nil, nil, err
	}
	if err := c.members(); err != nil {
		return nil, nil, err
	}
	c.inferenceConfig()
	if err := c.messages(); err != nil {
		return nil, nil, err
	}
	if err := c.toolConfig(); err != nil {
		return nil, nil, err
	}
	if len(c.additional) > 0 {
		c.out.AdditionalModelRequestFields = append(c.additional, '}')
	}
	body, err = c.marshal()
	if err != nil {
		return nil, nil, err
	}
	return body, c.st, nil
}

// builder holds one translation in progress.
type builder struct {
	req  *translate.ChatRequest
	opts *Options
	st   *State
	out  RequestBody

	// thinkingBudget is the extended-thinking budget sent, 0 when off.
	thinkingBudget int
	// additional is additionalModelRequestFields without its closing brace.
	additional []byte

	// turns holds the conversation as it is built.
	turns turns.Builder[ContentBlock]
	// docNames are the document names used so far (Bedrock wants them unique).
	docNames []string
}

// drop records a parameter removed from the request, once.
func (c *builder) drop(param string) {
	if !slices.Contains(c.st.Dropped, param) {
		c.st.Dropped = append(c.st.Dropped, param)
	}
}

// unsupported refuses param, or drops it when the route drops parameters.
func (c *builder) unsupported(param string) *translate.Error {
	if !c.opts.DropParams {
		return translate.Unsupported(param, "Bedrock Converse")
	}
	c.drop(param)
	return nil
}

// cachePoints reports whether cache_control can become cachePoint blocks;
// on models without prompt caching it is dropped.
func (c *builder) cachePoints() bool {
	if c.opts.Model.CachePoints {
		return true
	}
	c.drop("cache_control")
	return false
}

// addCachePoint adds a cachePoint after the content just added as role.
func (c *builder) addCachePoint(role string) {
	if c.cachePoints() {
		c.turns.Add(role, ContentBlock{CachePoint: defaultCachePoint})
	}
}

// marshal encodes the request once. HTML escaping is off: it only makes
// the body larger, and Bedrock is not a browser.
func (c *builder) marshal() ([]byte, *translate.Error) {
	size := 512
	for _, m := range c.req.Members {
		size += len(m.Value)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c.out); err != nil {
		// Every raw value was checked or built here, so this is a bug.
		return nil, &translate.Error{Status: http.StatusInternalServerError, Type: translate.ErrServer,
			Message: "could not encode the Bedrock request: " + err.Error()}
	}
	b := buf.Bytes()
	return b[:len(b)-1], nil // Encode's newline
}
