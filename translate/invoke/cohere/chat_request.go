package cohere

import (
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Chat builds Command R's body: {"message", "chat_history", "preamble",
// "tools", "tool_results", "max_tokens", "temperature", "p", "k",
// "stop_sequences", "seed", "frequency_penalty", "presence_penalty",
// ...} (conversation.go, tools.go).
func (commandR) Chat(req *translate.ChatRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	if err := req.DecodeContent(); err != nil {
		return nil, nil, err
	}
	cs := &chatState{}
	st := &invoke.State{Answering: translate.Answering{IncludeUsage: req.IncludeUsage}, Family: cs}
	r := newRequest(&commandRSpec, opts, st)
	if err := r.members(req.Members); err != nil {
		return nil, nil, err
	}
	c := &conversation{r: r, req: req, names: cs}
	if err := c.read(); err != nil {
		return nil, nil, err
	}
	size := 256
	for _, m := range req.Members {
		size += len(m.Value)
	}
	b := newBody(size)
	b.str("message", c.message)
	if len(c.history) > 0 {
		b.raw("chat_history", append(c.history, ']'))
	}
	if c.preamble.Len() > 0 {
		b.str("preamble", c.preamble.String())
	}
	if err := c.tools(b); err != nil {
		return nil, nil, err
	}
	if len(c.results) > 0 {
		b.raw("tool_results", append(c.results, ']'))
	}
	max, maxParam := req.MaxOutputTokens(), "max_tokens"
	if req.MaxCompletionTokens != nil {
		maxParam = "max_completion_tokens"
	}
	if err := r.sampling(b, max, maxParam, 0, req.Members, req.Stop); err != nil {
		return nil, nil, err
	}
	if err := b.forward(r.extras, r.spec.name); err != nil {
		return nil, nil, err
	}
	return b.bytes(), st, nil
}

// Text sends the prompt as the one user message.
func (f commandR) Text(req *translate.TextRequest, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
	chat, err := req.Chat()
	if err != nil {
		return nil, nil, err
	}
	body, st, err := f.Chat(chat, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := newRequest(&commandRSpec, opts, st).textOnly(req); err != nil {
		return nil, nil, err
	}
	st.Text = true
	return body, st, nil
}

// text joins a message's text parts. What Command R cannot read (images,
// files, audio) is a 400 naming where it is, or left out with
// drop_params.
func (c *conversation) text(i int, m *translate.Message) (string, *translate.Error) {
	if !m.Content.IsParts {
		return m.Content.Text, nil
	}
	var b strings.Builder
	for j, p := range m.Content.Parts {
		if p.Type == "text" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(p.Text)
			continue
		}
		where := "messages[" + strconv.Itoa(i) + "].content[" + strconv.Itoa(j) + "]"
		if !c.r.opts.DropParams {
			e := translate.BadRequest(where, "%s models take text only: %s parts cannot be sent to them; remove them, or set drop_params on the model to leave them out", c.r.spec.name, p.Type)
			e.Code = "unsupported_content"
			return "", e
		}
		c.r.drop(where)
	}
	return b.String(), nil
}

// isObject reports whether text is one JSON object, which goes to the
// model as a tool's output as it is.
func isObject(text string) bool {
	t := strings.TrimSpace(text)
	return len(t) > 1 && t[0] == '{' && jsonw.Valid([]byte(t))
}
