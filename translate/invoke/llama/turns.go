package llama

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Turns reads a chat's messages as the turns of a prompt, for a text-only
// family (named in errors): invoke.TextTurns, whose drops are listed in
// st.Dropped, with blank turns left out and the turns around them merged,
// so that a message that said nothing (a tool call dropped with
// drop_params) leaves no empty turn in the prompt. A conversation with no
// text at all is a 400.
func Turns(req *translate.ChatRequest, family string, st *invoke.State, drop bool) ([]invoke.Turn, *translate.Error) {
	turns, dropped, err := invoke.TextTurns(req, family, drop)
	if err != nil {
		return nil, err
	}
	st.Dropped = append(st.Dropped, dropped...)
	turns = merge(turns[:0], turns)
	if len(turns) == 0 {
		return nil, translate.BadRequest("messages", "messages contain no content")
	}
	return turns, nil
}

// SplitSystem takes the system turns out of turns, for templates that
// have one place for a system prompt: their texts joined, and the other
// turns, merged where taking a system turn out of their midst left two of
// one role together.
func SplitSystem(turns []invoke.Turn) (system string, dialog []invoke.Turn) {
	var sys []string
	dialog = make([]invoke.Turn, 0, len(turns))
	for _, t := range turns {
		if t.Role == "system" {
			sys = append(sys, strings.TrimSpace(t.Text))
			continue
		}
		dialog = append(dialog, t)
	}
	return strings.Join(sys, "\n\n"), merge(dialog[:0], dialog)
}

// merge appends to dst the turns of src that are not blank, joining
// consecutive turns of one role as invoke.TextTurns does. dst may be
// src[:0].
func merge(dst, src []invoke.Turn) []invoke.Turn {
	for _, t := range src {
		if strings.TrimSpace(t.Text) == "" {
			continue
		}
		if n := len(dst); n > 0 && dst[n-1].Role == t.Role {
			dst[n-1].Text += "\n\n" + t.Text
			continue
		}
		dst = append(dst, t)
	}
	return dst
}
