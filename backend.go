package llmgateway

import (
	"context"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// backend calls one provider for one model line. Each provider implements
// it once (backend_bedrock.go, backend_azure.go); choosing, retrying,
// timing and relaying are the router's.
//
// An attempt returns a reply or an error whose Kind tells the router what
// to do next (errClientGone when the client went away); it writes
// nothing to the client.
type backend interface {
	// chat makes one chat-completion attempt.
	chat(c *call, req *translate.ChatRequest) (reply, *translate.Error)
	// complete makes one text-completion attempt.
	complete(c *call, req *translate.TextRequest) (reply, *translate.Error)
	// passThrough makes one embeddings or image-generation attempt with
	// the body's members.
	passThrough(c *call, ep endpoint, members []translate.Member) (reply, *translate.Error)
	// serves reports whether the model line can answer ep.
	serves(ep endpoint) bool
	// healthCheck makes the cheapest real call the upstream offers.
	healthCheck(ctx context.Context) error
	// invalidateCredentials drops cached credentials the upstream refused.
	invalidateCredentials()
	// stateKey names the upstream the line calls, for pool state that
	// survives a reload: provider, endpoint or region, and model.
	stateKey() string
	// ownedBy is owned_by in GET /v1/models.
	ownedBy() string
	// accountName names the account the line calls through.
	accountName() string
	close()
}

// reply is what a successful attempt produced, not yet written: a whole
// answer, or a stream whose events have not been read.
type reply struct {
	parts  [3][]byte // the answer's JSON, in pieces written one after another
	stream eventSource
	usage  translate.Usage
	bill   billing // images or queries, for the answers not billed by tokens
}

// eventSource yields a streaming reply's client bytes, one upstream event
// at a time, transcoded as it arrives.
type eventSource interface {
	// next appends what the next upstream event turns into to dst: none,
	// one or several SSE events. end is set with the stream's last bytes;
	// err then says why it ended badly, if it did, and dst holds the SSE
	// error event for a client already reading.
	next(dst []byte) (out []byte, end bool, err *translate.Error)
	usage() translate.Usage
	close()
}

// chatOnly is embedded by the backends that answer chat and text
// completions and nothing else.
type chatOnly struct{}

func (chatOnly) passThrough(*call, endpoint, []translate.Member) (reply, *translate.Error) {
	return reply{}, errNotServed
}

func (chatOnly) serves(ep endpoint) bool { return ep == endpointChat || ep == endpointCompletions }
