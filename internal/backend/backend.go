// Package backend is what the router and every backend share: the
// Backend interface a model line's backend implements, the Reply an
// attempt produces, and the Call it is made under.
//
// A backend calls one provider for one model line: it turns a parsed
// OpenAI request into the upstream's call (through providers/...) and the
// upstream's answer back (through translate/...). Choosing, retrying,
// timing and relaying are the router's.
package backend

import (
	"context"
	"net/http"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Backend calls one provider for one model line.
//
// An attempt returns a reply or an error whose Kind tells the router what
// to do next (ErrClientGone when the client went away); it writes nothing
// to the client.
type Backend interface {
	// Chat makes one chat-completion attempt.
	Chat(c *Call, req *translate.ChatRequest) (Reply, *translate.Error)
	// Complete makes one text-completion attempt.
	Complete(c *Call, req *translate.TextRequest) (Reply, *translate.Error)
	// PassThrough makes one embeddings, image-generation or rerank
	// attempt with the body's members.
	PassThrough(c *Call, ep Endpoint, members []translate.Member) (Reply, *translate.Error)
	// Serves reports whether the model line can answer ep.
	Serves(ep Endpoint) bool
	// HealthCheck makes the cheapest real call the upstream offers.
	HealthCheck(ctx context.Context) error
	// InvalidateCredentials drops cached credentials the upstream refused.
	InvalidateCredentials()
	// StateKey names the upstream the line calls, for pool state that
	// survives a reload: provider, endpoint or region, and model.
	StateKey() string
	// OwnedBy is owned_by in GET /v1/models.
	OwnedBy() string
	// AccountName names the account the line calls through.
	AccountName() string
	// Close releases what the backend holds.
	Close()
}

// Pricer is implemented by backends whose upstream the price table can
// name: the provider, the model called and the account's region.
type Pricer interface {
	PriceKey() (provider, model, region string)
}

// Native is implemented by backends with a Bedrock account that a
// pass-through can send a client's native request through; the account
// is nil when the line has none.
type Native interface {
	Native() (acct *bedrock.Account, modelID string)
}

// Endpoint is a model endpoint a backend may serve.
type Endpoint uint8

// The model endpoints.
const (
	NoEndpoint Endpoint = iota
	Chat
	Completions
	Embeddings
	Images
	Rerank
)

// Reply is what a successful attempt produced, not yet written: a whole
// answer, or a stream whose events have not been read.
type Reply struct {
	// Parts are the answer's JSON, in pieces written one after another.
	Parts  [3][]byte
	Stream EventSource
	Usage  translate.Usage
	// Bill is what the answer is billed by when not by its tokens.
	Bill Billing
}

// EventSource yields a streaming reply's client bytes, one upstream event
// at a time, transcoded as it arrives.
type EventSource interface {
	// Next appends what the next upstream event turns into to dst: none,
	// one or several SSE events. end is set with the stream's last bytes;
	// err then says why it ended badly, if it did, and dst holds the SSE
	// error event for a client already reading.
	Next(dst []byte) (out []byte, end bool, err *translate.Error)
	// Usage is the tokens the stream reported, once it ended.
	Usage() translate.Usage
	// Close releases the stream's body and buffers.
	Close()
}

// Billing is what an answer is billed by when not by its tokens: the
// images it carries or the rerank queries it answered. The zero Billing
// bills tokens.
type Billing struct {
	Images        int
	Width, Height int // the images' size in pixels
	// Quality is LiteLLM's quality segment for the size-and-quality keys:
	// Bedrock's step class ("50-steps", "max-steps"), Azure's OpenAI
	// quality ("standard", "hd", "low", ...).
	Quality string
	Queries int
}

// ChatOnly is embedded by the backends that answer chat and text
// completions and nothing else.
type ChatOnly struct{}

// PassThrough refuses: the line serves chat only.
func (ChatOnly) PassThrough(*Call, Endpoint, []translate.Member) (Reply, *translate.Error) {
	return Reply{}, ErrNotServed
}

// Serves reports chat and text completions.
func (ChatOnly) Serves(ep Endpoint) bool { return ep == Chat || ep == Completions }

// ErrNotServed answers an endpoint a backend does not serve; the router
// refuses such requests first, so it means a bug.
var ErrNotServed = &translate.Error{Status: http.StatusInternalServerError, Type: translate.ErrServer,
	Message: "this model does not serve this endpoint"}
