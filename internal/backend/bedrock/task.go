package bedrockbackend

import (
	"context"
	"net/http"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// A Bedrock task is an endpoint other than chat that some Bedrock models
// serve: embeddings, image generation, rerank. Each task registers itself
// here from its own file, so adding one touches no other code.

// taskTarget is what a task looks at to decide whether it serves a line.
type taskTarget struct {
	modelID string // the target's model ID or ARN
	family  string // the line's family option, if any
	invoke  bool   // the route asked for InvokeModel (bedrock/invoke/...)
	// line is the whole model line, placeholders resolved, for the
	// options a task reads.
	line *Line
}

// taskHandler serves one model line's requests of its task.
type taskHandler interface {
	// serve makes one attempt with the request body's members. It parses
	// them itself, on each attempt: what a request may say depends on the
	// line's model and options (a pool may mix Titan and Cohere lines),
	// checks may change the request (drop_params), and the parse costs no
	// more than building the attempt's body, which is new on each line.
	serve(c *backend.Call, b *bedrockLine, members []translate.Member) (backend.Reply, *translate.Error)
	// healthCheck makes the cheapest real call the task offers.
	healthCheck(ctx context.Context, b *bedrockLine) error
}

// bedrockTask is one registered task: lookup returns its handler for the
// lines it serves, or ok false.
type bedrockTask struct {
	ep     backend.Endpoint
	lookup func(t taskTarget) (h taskHandler, ok bool)
	// families are the names the family option takes for the task.
	families func() []string
}

var bedrockTasks []bedrockTask

// registerBedrockTask is called from the init of each task's file;
// families may be nil.
func registerBedrockTask(ep backend.Endpoint, lookup func(t taskTarget) (taskHandler, bool), families func() []string) {
	bedrockTasks = append(bedrockTasks, bedrockTask{ep: ep, lookup: lookup, families: families})
}

// familyNames are every name the family option takes: the InvokeModel
// chat families and the tasks'.
func familyNames() string {
	names := invoke.Names()
	for _, task := range bedrockTasks {
		if task.families != nil {
			names = append(names, task.families()...)
		}
	}
	return strings.Join(names, ", ")
}

// findBedrockTask returns the task that serves a line, if any does.
func findBedrockTask(t taskTarget) (backend.Endpoint, taskHandler, bool) {
	for _, task := range bedrockTasks {
		if h, ok := task.lookup(t); ok {
			return task.ep, h, true
		}
	}
	return backend.NoEndpoint, nil, false
}

// refusedLine is what a lookup returns for a line it recognises but
// cannot serve as configured (a route or option the model does not
// take): provisioning the line fails with err.
type refusedLine struct{ err error }

func (r refusedLine) serve(*backend.Call, *bedrockLine, []translate.Member) (backend.Reply, *translate.Error) {
	return backend.Reply{}, backend.ErrNotServed
}

func (r refusedLine) healthCheck(context.Context, *bedrockLine) error { return r.err }

// taskBackend serves a Bedrock line whose model answers a task, not chat.
type taskBackend struct {
	bedrockLine
	ep backend.Endpoint
	h  taskHandler
}

func (b *taskBackend) Chat(*backend.Call, *translate.ChatRequest) (backend.Reply, *translate.Error) {
	return backend.Reply{}, backend.ErrNotServed
}

func (b *taskBackend) Complete(*backend.Call, *translate.TextRequest) (backend.Reply, *translate.Error) {
	return backend.Reply{}, backend.ErrNotServed
}

func (b *taskBackend) PassThrough(c *backend.Call, ep backend.Endpoint, members []translate.Member) (backend.Reply, *translate.Error) {
	if ep != b.ep {
		return backend.Reply{}, backend.ErrNotServed
	}
	return b.h.serve(c, &b.bedrockLine, members)
}

func (b *taskBackend) Serves(ep backend.Endpoint) bool { return ep == b.ep }

func (b *taskBackend) HealthCheck(ctx context.Context) error {
	return b.h.healthCheck(ctx, &b.bedrockLine)
}

// taskAnswer reads the whole answer of a task's one call, made with resp
// and err: the call's timing and request id noted, a failure mapped, the
// body read within max_response_body and closed. resp's header stays
// readable. The embeddings fan-out reads its own: it notes the timing of
// its first call only.
func taskAnswer(c *backend.Call, b *bedrockLine, resp *http.Response, err error) ([]byte, *translate.Error) {
	c.Headers(resp, err)
	if err != nil {
		return nil, b.failure(c, err)
	}
	defer backend.DrainAndClose(resp.Body)
	return b.readAnswer(c, resp)
}
