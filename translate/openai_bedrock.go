package translate

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
)

// The OpenAI → Bedrock Converse request translation is split by subject:
//
//	openai_bedrock.go          entry point, turn bookkeeping, marshalling
//	openai_bedrock_messages.go messages → system and turns
//	openai_bedrock_media.go    images and documents (data URLs, fetched URLs)
//	openai_bedrock_tools.go    tools, tool_choice, response_format
//	openai_bedrock_params.go   sampling parameters, thinking, other members
//	toolid.go                  tool-call ids Bedrock accepts

// ConverseOptions configure one route's translation. They are built once per
// model at provision time and shared by all requests: ToConverse only reads
// them.
type ConverseOptions struct {
	// Model is what the gateway knows about the model behind the route.
	Model BedrockModel

	// DropParams drops OpenAI parameters Converse cannot honour instead of
	// answering 400; the dropped names are listed in ConverseState.Dropped.
	DropParams bool

	// UserContinueMessage, when set, is inserted as the first turn of a
	// conversation that starts with an assistant turn (Converse requires a
	// user turn first). When empty, the conversation is sent as given and
	// Bedrock's own validation error comes back.
	UserContinueMessage string

	// DefaultThinkingBudget, when positive, turns on extended thinking with
	// this budget for requests that set neither thinking nor
	// reasoning_effort. A client max_tokens too small for it turns the
	// default off for that request rather than failing it.
	DefaultThinkingBudget int

	// FetchImage fetches a remote (http or https) image URL. When nil,
	// remote image URLs are refused with a 400. The caller enforces size
	// limits, timeouts and which hosts may be reached; its errors are shown
	// to the client (an *Error is passed through as it is). The media type
	// it returns may carry parameters ("image/png; charset=binary").
	FetchImage func(url string) (mediaType string, data []byte, err error)
}

// JSONToolName is the tool the gateway forces to implement response_format
// json_object and json_schema, as LiteLLM does; its input is the answer.
const JSONToolName = "json_tool_call"

// defaultCachePoint is shared by every cachePoint block: it is never written.
var defaultCachePoint = &CachePointBlock{Type: "default"}

// ToConverse translates a decoded request into a Converse request body.
// It decodes req's content if that is not done yet (DecodeContent), and
// does not keep req: the body is self-contained.
func ToConverse(req *ChatRequest, opts *ConverseOptions) (body []byte, st *ConverseState, err *Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	c := &converseBuilder{
		req:  req,
		opts: opts,
		st:   &ConverseState{Model: req.Model, IncludeUsage: req.IncludeUsage},
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

// converseBuilder holds one translation in progress.
type converseBuilder struct {
	req  *ChatRequest
	opts *ConverseOptions
	st   *ConverseState
	out  ConverseRequest

	// thinkingBudget is the extended-thinking budget sent, 0 when off.
	thinkingBudget int
	// additional is additionalModelRequestFields without its closing brace.
	additional []byte

	// blocks counts content blocks added to turns, so a message or part
	// knows whether it produced any (a cache point needs a block before it).
	blocks int
	// reasonEnd is the number of reasoning blocks leading the last turn.
	reasonEnd int
	// toolBlocks is set when the history has toolUse or toolResult blocks;
	// historyTools lists the tool names those toolUse blocks call.
	toolBlocks   bool
	historyTools []string
	// docNames are the document names used so far (Bedrock wants them unique).
	docNames []string
}

// drop records a parameter removed from the request, once.
func (c *converseBuilder) drop(param string) {
	if !slices.Contains(c.st.Dropped, param) {
		c.st.Dropped = append(c.st.Dropped, param)
	}
}

// unsupported refuses param, or drops it when the route drops parameters.
func (c *converseBuilder) unsupported(param string) *Error {
	if !c.opts.DropParams {
		return Unsupported(param, "Bedrock Converse")
	}
	c.drop(param)
	return nil
}

// cachePoints reports whether cache_control can become cachePoint blocks;
// on models without prompt caching it is dropped.
func (c *converseBuilder) cachePoints() bool {
	if c.opts.Model.CachePoints {
		return true
	}
	c.drop("cache_control")
	return false
}

// add appends b to the conversation as role. Consecutive content of one
// role lands in one turn because Converse requires roles to alternate; turns
// are opened only when content arrives, so messages that translate to
// nothing (blank text) leave no empty turn behind.
func (c *converseBuilder) add(role string, b ContentBlock) {
	t := c.lastTurn(role)
	t.Content = append(t.Content, b)
	c.blocks++
}

// addReasoning adds a reasoning block to an assistant turn after the
// reasoning blocks already leading it: Anthropic wants them before any
// other content, also when two assistant messages are merged.
func (c *converseBuilder) addReasoning(b ContentBlock) {
	t := c.lastTurn("assistant")
	t.Content = slices.Insert(t.Content, c.reasonEnd, b)
	c.reasonEnd++
	c.blocks++
}

// addCachePoint adds a cachePoint after the content just added as role.
func (c *converseBuilder) addCachePoint(role string) {
	if c.cachePoints() {
		c.add(role, ContentBlock{CachePoint: defaultCachePoint})
	}
}

func (c *converseBuilder) lastTurn(role string) *ConverseMessage {
	msgs := c.out.Messages
	if n := len(msgs); n > 0 && msgs[n-1].Role == role {
		return &msgs[n-1]
	}
	c.out.Messages = append(msgs, ConverseMessage{Role: role, Content: make([]ContentBlock, 0, 4)})
	c.reasonEnd = 0
	return &c.out.Messages[len(c.out.Messages)-1]
}

// marshal encodes the request once. HTML escaping is off: it only makes
// the body larger, and Bedrock is not a browser.
func (c *converseBuilder) marshal() ([]byte, *Error) {
	size := 512
	for _, m := range c.req.Members {
		size += len(m.Value)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c.out); err != nil {
		// Every raw value was checked or built here, so this is a bug.
		return nil, &Error{Status: http.StatusInternalServerError, Type: ErrServer,
			Message: "could not encode the Bedrock request: " + err.Error()}
	}
	b := buf.Bytes()
	return b[:len(b)-1], nil // Encode's newline
}
