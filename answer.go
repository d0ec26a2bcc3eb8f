package llmgateway

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// errAnswerTooLarge marks a non-streaming answer over max_response_body.
var errAnswerTooLarge = errors.New("the upstream answer exceeds max_response_body")

// readAnswer reads a non-streaming upstream answer of at most limit bytes.
// When the upstream says how long it is, the buffer is allocated once at
// that size: growing it by doubling would briefly hold close to two
// copies of a large embeddings batch.
func readAnswer(resp *http.Response, limit int64) ([]byte, error) {
	return readAnswerBody(resp.Body, resp.ContentLength, limit)
}

// readAnswerBody is readAnswer for a body whose length, when known, is
// length (else -1).
func readAnswerBody(body io.Reader, length, limit int64) ([]byte, error) {
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

func answerTooLarge(provider string, limit int64) *translate.Error {
	return &translate.Error{
		Status:  http.StatusBadGateway,
		Type:    translate.ErrUpstream,
		Code:    "upstream_response_too_large",
		Message: "the " + provider + " answer exceeds the gateway's limit of " + humanBytes(limit) + " (max_response_body)",
	}
}

// writeJSONParts answers 200 with a JSON body sent in pieces, so a large
// answer is written from the upstream's own buffer, not from a copy.
func writeJSONParts(w http.ResponseWriter, parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(http.StatusOK)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}
