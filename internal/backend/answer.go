package backend

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/dustin/go-humanize"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// errAnswerTooLarge marks a non-streaming answer over max_response_body.
var errAnswerTooLarge = errors.New("the upstream answer exceeds max_response_body")

// ReadAnswer reads a non-streaming upstream answer within
// max_response_body; length is its Content-Length, or -1. provider names
// the upstream in the error of an answer too large.
func (c *Call) ReadAnswer(body io.Reader, length int64, provider string) ([]byte, *translate.Error) {
	raw, err := readAnswer(body, length, c.env.MaxAnswer)
	switch {
	case errors.Is(err, errAnswerTooLarge):
		return nil, AnswerTooLarge(provider, c.env.MaxAnswer)
	case err != nil:
		return nil, c.TransportError(err)
	}
	return raw, nil
}

// readAnswer reads a body of at most limit bytes whose length, when
// known, is length (else -1). When the upstream says how long it is, the
// buffer is allocated once at that size: growing it by doubling would
// briefly hold close to two copies of a large embeddings batch.
func readAnswer(body io.Reader, length, limit int64) ([]byte, error) {
	if length > limit {
		return nil, errAnswerTooLarge
	}
	var buf bytes.Buffer
	if length > 0 {
		buf.Grow(int(length) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, errAnswerTooLarge
	}
	return buf.Bytes(), nil
}

// AnswerTooLarge is the error of an answer over max_response_body, limit.
func AnswerTooLarge(provider string, limit int64) *translate.Error {
	return &translate.Error{
		Status:  http.StatusBadGateway,
		Type:    translate.ErrUpstream,
		Code:    "upstream_response_too_large",
		Message: "the " + provider + " answer exceeds the gateway's limit of " + humanize.IBytes(uint64(limit)) + " (max_response_body)",
	}
}
