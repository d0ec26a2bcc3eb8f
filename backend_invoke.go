package llmgateway

import (
	"context"
	"strconv"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// invokeBackend serves a model line from Bedrock InvokeModel with the
// native body of the model's family.
type invokeBackend struct {
	bedrockLine
	chatOnly
	family invoke.Family
	name   string
	opts   invoke.Options
}

func newInvokeBackend(b bedrockLine, line *modelLine, f invoke.Family, name string) *invokeBackend {
	return &invokeBackend{bedrockLine: b, family: f, name: name, opts: invoke.Options{
		ModelID:               line.target.modelID,
		DropParams:            line.DropParams,
		DefaultThinkingBudget: line.thinkingBudget,
		UserContinueMessage:   line.continueMsg,
	}}
}

func (b *invokeBackend) chat(c *call, req *translate.ChatRequest) (reply, *translate.Error) {
	opts := b.opts
	opts.FetchImage = b.fetchImage(c)
	body, st, terr := b.family.Chat(req, &opts)
	if terr != nil {
		return reply{}, terr
	}
	st.IncludeUsage = req.IncludeUsage
	return b.send(c, body, st, req.Stream)
}

func (b *invokeBackend) complete(c *call, req *translate.TextRequest) (reply, *translate.Error) {
	body, st, terr := b.family.Text(req, &b.opts)
	if terr != nil {
		return reply{}, terr
	}
	st.Text, st.IncludeUsage = true, req.IncludeUsage
	return b.send(c, body, st, req.Stream)
}

// send makes the InvokeModel call and reads its answer.
func (b *invokeBackend) send(c *call, body []byte, st *invoke.State, stream bool) (reply, *translate.Error) {
	st.Alias = b.alias
	logDropped(b.logger, b.alias, st.Dropped)
	b.logRequest("invoke", stream, body)
	resp, err := b.acct.Invoke(c.ctx, b.modelID, stream && !b.unstreamed(), body)
	c.headers(resp, err)
	if err != nil {
		return reply{}, b.failure(c, err)
	}
	id, created := newCompletionID(), time.Now().Unix()
	if st.Text {
		id = "cmpl-" + id[len("chatcmpl-"):]
	}
	if stream && !b.unstreamed() {
		tr := invoke.NewStream(b.family, st, id, created)
		tr.Upstream = b.upstream()
		tr.Upstream.Operation = "bedrock:InvokeModelWithResponseStream"
		return reply{stream: newBedrockEvents(c, c.watch(resp.Body), tr)}, nil
	}
	defer drainAndClose(resp.Body)
	raw, terr := b.readAnswer(c, resp)
	if terr != nil {
		return reply{}, terr
	}
	var a translate.Answer
	if terr := b.family.Answer(raw, st, &a); terr != nil {
		b.logger.Error("unreadable Bedrock response", zap.String("model", b.alias), zap.String("family", b.name), zap.Int("bytes", len(raw)))
		return reply{}, terr
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
		return reply{stream: &replayed{events: w.Complete(nil, nil), u: a.Usage}}, nil
	}
	out := translate.AppendAnswer(make([]byte, 0, len(raw)+256), &a, &st.Answering, id, created)
	return reply{parts: [3][]byte{out}, usage: a.Usage}, nil
}

// unstreamed reports whether Bedrock does not stream the family.
func (b *invokeBackend) unstreamed() bool {
	u, ok := b.family.(invoke.Unstreamed)
	return ok && u.Unstreamed()
}

// pingRequest is the smallest chat request a family can translate.
var pingRequest = []byte(`{"model":"ping","max_tokens":1,"messages":[{"role":"user","content":"ping"}]}`)

// healthCheck sends the family's body for a one-token chat.
func (b *invokeBackend) healthCheck(ctx context.Context) error {
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
	drainAndClose(resp.Body)
	return nil
}
