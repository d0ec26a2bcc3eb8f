package backend

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate"

// CompleteAsChat answers a text completion through a chat backend: the
// prompt as one user message, the answer rewritten as a text completion.
func CompleteAsChat(c *Call, req *translate.TextRequest, chat func(*Call, *translate.ChatRequest) (Reply, *translate.Error)) (Reply, *translate.Error) {
	if req.Suffix != "" {
		return Reply{}, translate.Unsupported("suffix", "chat models")
	}
	creq, terr := req.Chat()
	if terr != nil {
		return Reply{}, terr
	}
	rep, terr := chat(c, creq)
	if terr != nil {
		return Reply{}, terr
	}
	if rep.Stream != nil {
		rep.Stream = &textEvents{EventSource: rep.Stream}
		return rep, nil
	}
	var whole []byte
	for _, p := range rep.Parts {
		whole = append(whole, p...)
	}
	out, terr := translate.TextFromChat(make([]byte, 0, len(whole)), whole)
	if terr != nil {
		return Reply{}, terr
	}
	return Reply{Parts: [3][]byte{out}, Usage: rep.Usage}, nil
}

// textEvents rewrites a chat stream's events as text_completion chunks.
type textEvents struct {
	EventSource
	scratch []byte
}

func (t *textEvents) Next(dst []byte) ([]byte, bool, *translate.Error) {
	out, end, err := t.EventSource.Next(t.scratch[:0])
	t.scratch = out
	return translate.TextChunks(dst, out), end, err
}

// ReplayAsStream turns a whole chat answer into the stream a client
// asked for.
func ReplayAsStream(rep Reply, includeUsage bool) (Reply, *translate.Error) {
	var whole []byte
	for _, p := range rep.Parts {
		whole = append(whole, p...)
	}
	out, usage, terr := translate.Replay(nil, whole, includeUsage)
	if terr != nil {
		return Reply{}, terr
	}
	return Reply{Stream: Replayed(out, usage)}, nil
}

// Replayed is a stream whose events, all in hand, are events.
func Replayed(events []byte, usage translate.Usage) EventSource {
	return &replayed{events: events, u: usage}
}

type replayed struct {
	events []byte
	u      translate.Usage
}

func (r *replayed) Next(dst []byte) ([]byte, bool, *translate.Error) {
	return append(dst, r.events...), true, nil
}

func (r *replayed) Usage() translate.Usage { return r.u }

func (r *replayed) Close() {}
