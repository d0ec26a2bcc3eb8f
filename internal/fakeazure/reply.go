package fakeazure

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Reply is the scripted answer of a deployment or model. A Status outside
// 2xx makes it an error reply; otherwise JSON, Chunks or Text answer.
type Reply struct {
	// Text is the answer: the server builds a chat completion, or a
	// stream of chunks, in the shape of the API called: Azure OpenAI's
	// with prompt_filter_results and content_filter_results, Azure AI's
	// plainer one. For embeddings and images without JSON, a small
	// made-up result is sent.
	Text string
	// Model is the model named in generated replies. Default: the
	// deployment, or the model the request named.
	Model string
	// FinishReason of generated replies. Default: "stop".
	FinishReason string
	// Usage of generated replies. Default: 10 prompt tokens, and one
	// completion token per chunk of Text.
	Usage *Usage
	// NoUsage leaves usage out of generated Azure AI streams, as some
	// serverless models do.
	NoUsage bool

	// JSON is the body of a non-streaming reply, sent as it is.
	JSON string
	// Chunks are the events of a streaming reply, sent as they are;
	// "data: [DONE]" is not added.
	Chunks []Chunk

	// Status, Body and Header make an error reply: Body as it is, e.g. one
	// of Azure's error bodies. Header is set on successful replies too.
	Status int
	Body   string
	Header http.Header

	// Delay holds the whole reply back; ChunkDelay is slept before each
	// generated chunk. A client going away meanwhile signals Canceled.
	Delay      time.Duration
	ChunkDelay time.Duration

	// NoContentLength sends a successful non-streaming reply chunked,
	// without Content-Length, as some proxies do.
	NoContentLength bool

	// Reasoning marks an Azure OpenAI deployment of a reasoning model,
	// which refuses max_tokens ("Use 'max_completion_tokens' instead").
	Reasoning bool
}

// Usage is a token count.
type Usage struct {
	PromptTokens, CompletionTokens int
}

// Chunk is one event of a scripted stream.
type Chunk struct {
	// Data is sent as "data: <Data>\n\n".
	Data string
	// Raw is sent as it is when Data is empty: comments, odd framing.
	Raw string
	// Delay is slept before the chunk is written.
	Delay time.Duration
	// Block ends the script here: nothing of this chunk is written, and
	// the server waits for the client to go away, then signals Canceled.
	Block bool
}

// Bodies of Azure errors, for scripting replies.
const (
	// ContentFilterPromptBody is Azure OpenAI's 400 for a prompt its
	// content filter refused.
	ContentFilterPromptBody = `{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":true,"detected":true},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}}}`
	// RateLimitBody is Azure OpenAI's 429; send it with Retry-After.
	RateLimitBody = `{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 2 seconds. Please contact Azure support service if you would like to further increase the default rate limit."}}`
)

// Created is the "created" of generated replies.
const Created = 1767225600

// call is what a generated reply answers.
type call struct {
	kind, op, name string
	members        map[string]json.RawMessage
	stream         bool
}

func (c call) includeUsage() bool {
	var so struct {
		IncludeUsage bool `json:"include_usage"`
	}
	_ = json.Unmarshal(c.members["stream_options"], &so)
	return so.IncludeUsage
}

func (r Reply) model(c call) string {
	if r.Model != "" {
		return r.Model
	}
	return c.name
}

func (r Reply) usage() Usage {
	if r.Usage != nil {
		return *r.Usage
	}
	return Usage{PromptTokens: 10, CompletionTokens: len(r.pieces())}
}

func (r Reply) finish() string {
	if r.FinishReason != "" {
		return r.FinishReason
	}
	return "stop"
}

// pieces splits Text into the contents of stream chunks: word by word.
func (r Reply) pieces() []string {
	if r.Text == "" {
		return nil
	}
	return strings.SplitAfter(r.Text, " ")
}

func usageJSON(u Usage, openAI bool) map[string]any {
	m := map[string]any{
		"prompt_tokens":     u.PromptTokens,
		"completion_tokens": u.CompletionTokens,
		"total_tokens":      u.PromptTokens + u.CompletionTokens,
	}
	if openAI {
		m["prompt_tokens_details"] = map[string]any{"cached_tokens": 0, "audio_tokens": 0}
		m["completion_tokens_details"] = map[string]any{"reasoning_tokens": 0, "audio_tokens": 0,
			"accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
	}
	return m
}

var safe = map[string]any{
	"hate":      map[string]any{"filtered": false, "severity": "safe"},
	"self_harm": map[string]any{"filtered": false, "severity": "safe"},
	"sexual":    map[string]any{"filtered": false, "severity": "safe"},
	"violence":  map[string]any{"filtered": false, "severity": "safe"},
}

func promptFilterResults() []any {
	results := map[string]any{"jailbreak": map[string]any{"filtered": false, "detected": false}}
	for k, v := range safe {
		results[k] = v
	}
	return []any{map[string]any{"prompt_index": 0, "content_filter_results": results}}
}

// json is the body of a non-streaming reply.
func (r Reply) json(c call) []byte {
	if r.JSON != "" {
		return []byte(r.JSON)
	}
	var v any
	switch c.op {
	case "embeddings":
		v = map[string]any{
			"object": "list", "model": r.model(c),
			"data":  []any{map[string]any{"object": "embedding", "index": 0, "embedding": []float64{0.0023064255, -0.009327292, 0.015797347}}},
			"usage": map[string]any{"prompt_tokens": 3, "total_tokens": 3},
		}
	case "completions":
		v = map[string]any{"id": "cmpl-fake", "object": "text_completion", "created": Created, "model": r.model(c),
			"choices": []any{map[string]any{"text": r.Text, "index": 0, "logprobs": nil, "finish_reason": r.finish()}},
			"usage":   usageJSON(r.usage(), true)}
	case "images/generations":
		v = map[string]any{"created": Created, "data": []any{map[string]any{
			"revised_prompt": r.Text, "url": "https://images.example.invalid/generated/0.png",
			"content_filter_results": safe, "prompt_filter_results": safe,
		}}}
	default:
		u := r.usage()
		msg := map[string]any{"role": "assistant", "content": r.Text}
		choice := map[string]any{"index": 0, "finish_reason": r.finish(), "message": msg, "logprobs": nil}
		body := map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion", "created": Created, "model": r.model(c),
			"choices": []any{choice}, "usage": usageJSON(u, c.kind == KindOpenAI),
		}
		if c.kind == KindOpenAI {
			msg["refusal"] = nil
			choice["content_filter_results"] = safe
			body["prompt_filter_results"] = promptFilterResults()
			body["system_fingerprint"] = "fp_fake"
		}
		v = body
	}
	b, _ := json.Marshal(v)
	return b
}

// chunks are the events of a generated stream.
func (r Reply) chunks(c call) []Chunk {
	if r.Chunks != nil {
		return r.Chunks
	}
	if c.op == "completions" {
		return r.textChunks(c)
	}
	openAI := c.kind == KindOpenAI
	model := r.model(c)
	chunk := func(delta map[string]any, finish any, filter bool, usage any) Chunk {
		choice := map[string]any{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": nil}
		v := map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": Created, "model": model,
			"choices": []any{choice}}
		if openAI {
			choice["content_filter_results"] = map[string]any{}
			if filter {
				choice["content_filter_results"] = safe
			}
			v["system_fingerprint"] = "fp_fake"
			v["usage"] = nil
		}
		if usage != nil {
			v["usage"] = usage
		}
		b, _ := json.Marshal(v)
		return Chunk{Data: string(b), Delay: r.ChunkDelay}
	}
	u := usageJSON(r.usage(), openAI)
	var out []Chunk
	if openAI {
		b, _ := json.Marshal(map[string]any{"choices": []any{}, "created": 0, "id": "", "model": "", "object": "",
			"prompt_filter_results": promptFilterResults()})
		out = append(out, Chunk{Data: string(b)})
	}
	role := map[string]any{"role": "assistant", "content": ""}
	if openAI {
		role["refusal"] = nil
	}
	out = append(out, chunk(role, nil, false, nil))
	for _, p := range r.pieces() {
		out = append(out, chunk(map[string]any{"content": p}, nil, true, nil))
	}
	// Azure AI models put usage on the last chunk unless asked for a
	// usage chunk of its own.
	var last any
	if !openAI && !r.NoUsage && !c.includeUsage() {
		last = u
	}
	delta := map[string]any{}
	if !openAI {
		delta["content"] = ""
	}
	out = append(out, chunk(delta, r.finish(), false, last))
	if c.includeUsage() && !(r.NoUsage && !openAI) {
		v := map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": Created,
			"model": model, "choices": []any{}, "usage": u}
		if openAI {
			v["system_fingerprint"] = "fp_fake"
		}
		b, _ := json.Marshal(v)
		out = append(out, Chunk{Data: string(b), Delay: r.ChunkDelay})
	}
	return append(out, Chunk{Data: "[DONE]"})
}

// stream writes the reply's chunks as SSE, flushing each one so the
// client sees them as they would arrive from Azure.
func (s *Server) stream(w http.ResponseWriter, req *http.Request, r Reply, c call) {
	ctx := req.Context()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	copyHeader(h, r.Header)
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	for _, ch := range r.chunks(c) {
		if ch.Delay > 0 && !s.watch.Sleep(ctx, ch.Delay) {
			return
		}
		if ch.Block {
			s.watch.WaitGone(ctx)
			return
		}
		text := ch.Raw
		if ch.Data != "" {
			text = "data: " + ch.Data + "\n\n"
		}
		if _, err := w.Write([]byte(text)); err != nil {
			s.watch.WaitGone(ctx) // a failed write means the client is leaving
			return
		}
		_ = rc.Flush()
	}
}

func writeJSON(w http.ResponseWriter, r Reply, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if !r.NoContentLength {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	copyHeader(h, r.Header)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, status int, extra http.Header, body string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	copyHeader(h, extra)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
}

// textChunks are the events of a generated text completions stream: the
// text piece by piece, then the finish and, if asked for, the usage.
func (r Reply) textChunks(c call) []Chunk {
	chunk := func(text string, finish any, usage any) Chunk {
		v := map[string]any{"id": "cmpl-fake", "object": "text_completion", "created": Created, "model": r.model(c),
			"choices": []any{map[string]any{"text": text, "index": 0, "logprobs": nil, "finish_reason": finish}}}
		if usage != nil {
			v["choices"], v["usage"] = []any{}, usage
		}
		b, _ := json.Marshal(v)
		return Chunk{Data: string(b), Delay: r.ChunkDelay}
	}
	var out []Chunk
	for _, p := range r.pieces() {
		out = append(out, chunk(p, nil, nil))
	}
	out = append(out, chunk("", r.finish(), nil))
	if c.includeUsage() {
		out = append(out, chunk("", nil, usageJSON(r.usage(), true)))
	}
	return append(out, Chunk{Data: "[DONE]"})
}
