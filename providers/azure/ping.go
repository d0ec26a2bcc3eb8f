package azure

import (
	"context"
	"encoding/json"
	"strings"
)

// The smallest requests a deployment or model answers: one word in, at
// most one token out; an embedding of one word.
var (
	pingChat       = []byte(`{"messages":[{"role":"user","content":"ping"}],"max_tokens":1}`)
	pingReasoning  = []byte(`{"messages":[{"role":"user","content":"ping"}],"max_completion_tokens":1}`)
	pingEmbeddings = []byte(`{"input":"ping"}`)
)

// Ping makes the cheapest real call that proves a deployment answers:
// an embedding of one word for deployments named after an embedding
// model, a one-token chat completion for the others (with
// max_completion_tokens for a reasoning deployment, which refuses
// max_tokens). Image deployments are not called (an image is not cheap)
// and always pass.
func (a *OpenAIAccount) Ping(ctx context.Context, deployment string, reasoning bool) error {
	name := strings.ToLower(deployment)
	switch {
	case strings.Contains(name, "dall-e") || strings.Contains(name, "image"):
		return nil
	case strings.Contains(name, "embed"):
		return a.ping(ctx, deployment, OpEmbeddings, pingEmbeddings)
	case reasoning:
		return a.ping(ctx, deployment, OpChat, pingReasoning)
	}
	return a.ping(ctx, deployment, OpChat, pingChat)
}

func (a *OpenAIAccount) ping(ctx context.Context, deployment, op string, body []byte) error {
	resp, err := a.Post(ctx, deployment, op, body, false)
	if err != nil {
		return err
	}
	drainAndClose(resp.Body)
	return nil
}

// Ping makes the cheapest real call that proves model answers through the
// endpoint: an embedding of one word for embedding models, a one-token
// chat completion for the others.
func (a *AIAccount) Ping(ctx context.Context, model string) error {
	op, body := OpChat, pingChat
	if strings.Contains(strings.ToLower(model), "embed") {
		op, body = OpEmbeddings, pingEmbeddings
	}
	if model != "" {
		name, _ := json.Marshal(model)
		body = append(append(append([]byte(`{"model":`), name...), ','), body[1:]...)
	}
	resp, err := a.Post(ctx, op, body, false)
	if err != nil {
		return err
	}
	drainAndClose(resp.Body)
	return nil
}

// EndpointURL is where the account sends requests: the endpoint's scheme,
// host and path prefix.
func (a *OpenAIAccount) EndpointURL() string { return a.c.base + a.c.rawPrefix }

// EndpointURL is where the account sends requests.
func (a *AIAccount) EndpointURL() string { return a.c.base + a.c.rawPrefix }
