package bedrockbackend

import (
	"context"
	"strconv"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// invokeBackend serves a model line from Bedrock InvokeModel with the
// native body of the model's family.
type invokeBackend struct {
	bedrockLine
	backend.ChatOnly
	family invoke.Family
	name   string
	opts   invoke.Options
}

func newInvokeBackend(b bedrockLine, line *Line, f invoke.Family, name string) *invokeBackend {
	return &invokeBackend{bedrockLine: b, family: f, name: name, opts: invoke.Options{
		ModelID:               line.TargetModel,
		DropParams:            line.DropParams,
		DefaultThinkingBudget: line.ThinkingBudget,
		UserContinueMessage:   line.UserContinueMessage,
	}}
}

func (b *invokeBackend) Chat(c *backend.Call, req *translate.ChatRequest) (backend.Reply, *translate.Error) {
	opts := b.opts
	opts.FetchImage = b.fetchImage(c)
	body, st, terr := b.family.Chat(req, &opts)
	if terr != nil {
		return backend.Reply{}, terr
	}
	st.IncludeUsage = req.IncludeUsage
	return b.send(c, body, st, req.Stream)
}

func (b *invokeBackend) Complete(c *backend.Call, req *translate.TextRequest) (backend.Reply, *translate.Error) {
	body, st, terr := b.family.Text(req, &b.opts)
	if terr != nil {
		return backend.Reply{}, terr
	}
	st.Text, st.IncludeUsage = true, req.IncludeUsage
	return b.send(c, body, st, req.Stream)
}

// send makes the InvokeModel call and reads its answer.
func (b *invokeBackend) send(c *backend.Call, body []byte, st *invoke.State, stream bool) (backend.Reply, *translate.Error) {
	st.Alias = b.alias
	backend.LogDropped(b.env.Logger, b.alias, st.Dropped)
	b.logRequest("invoke", stream, body)
	resp, err := b.acct.Invoke(c.Context(), b.modelID, stream && !b.unstreamed(), body)
	c.Headers(resp, err)
	if err != nil {
		return backend.Reply{}, b.failure(c, err)
	}
	id, created := backend.NewCompletionID(), time.Now().Unix()
	if st.Text {
		id = "cmpl-" + id[len("chatcmpl-"):]
	}
	if stream && !b.unstreamed() {
		tr := invoke.NewStream(b.family, st, id, created)
		tr.Upstream = b.upstream()
		tr.Upstream.Operation = "bedrock:InvokeModelWithResponseStream"
		return backend.Reply{Stream: newBedrockEvents(c, c.Watch(resp.Body), tr)}, nil
	}
	defer backend.DrainAndClose(resp.Body)
	raw, terr := b.readAnswer(c, resp)
	if terr != nil {
		return backend.Reply{}, terr
	}
	var a translate.Answer
	if terr := b.family.Answer(raw, st, &a); terr != nil {
		b.env.Logger.Error("unreadable Bedrock response", zap.String("model", b.alias), zap.String("family", b.name), zap.Int("bytes", len(raw)))
		return backend.Reply{}, terr
	}
	if a.Usage == (translate.Usage{}) {
		// InvokeModel counts the tokens in headers; families whose body
		// does not are answered with those.
		a.Usage.PromptTokens, _ = strconv.Atoi(resp.Header.Get("X-Amzn-Bedrock-Input-Token-Count"))
		a.Usage.CompletionTokens, _ = strconv.Atoi(resp.Header.Get("X-Amzn-Bedrock-Output-Token-Count"))
	}
	if stream { // a family Bedrock does not stream: the whole answer, replayed
		w := translate.NewChunkWriter(&st.Answering, id, created)
		w.Replay(&a)
		return backend.Reply{Stream: backend.Replayed(w.Complete(nil, nil), a.Usage)}, nil
	}
	out := translate.AppendAnswer(make([]byte, 0, len(raw)+256), &a, &st.Answering, id, created)
	return backend.Reply{Parts: [3][]byte{out}, Usage: a.Usage}, nil
}

// unstreamed reports whether Bedrock does not stream the family.
func (b *invokeBackend) unstreamed() bool {
	u, ok := b.family.(invoke.Unstreamed)
	return ok && u.Unstreamed()
}

// pingRequest is the smallest chat request a family can translate.
var pingRequest = []byte(`{"model":"ping","max_tokens":1,"messages":[{"role":"user","content":"ping"}]}`)

// healthCheck sends the family's body for a one-token chat.
func (b *invokeBackend) HealthCheck(ctx context.Context) error {
	req, terr := translate.ParseChatRequest(pingRequest)
	if terr != nil {
		return terr
	}
	body, _, terr := b.family.Chat(req, &b.opts)
	if terr != nil {
		return terr
	}
	resp, err := b.acct.Invoke(ctx, b.modelID, false, body)
	if err != nil {
		return err
	}
	backend.DrainAndClose(resp.Body)
	return nil
}
