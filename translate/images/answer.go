package images

import (
	"net/http"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Answer is what a family reads out of a native answer.
type Answer struct {
	// Images are the base64 string literals of the images, quotes
	// included, sliced out of the native answer.
	Images [][]byte
	// Filtered counts the images a content filter withheld; Reason is
	// what the model said of it, if anything.
	Filtered int
	Reason   string
}

// Check turns an answer without images into the client's error: a content
// filter's refusal when the filter withheld them, else an upstream error.
func (a *Answer) Check(model string) *translate.Error {
	switch {
	case len(a.Images) > 0:
		return nil
	case a.Filtered > 0 || a.Reason != "":
		return ContentFiltered(model, a.Reason)
	}
	return Unreadable(model)
}

// ContentFiltered is the error for images a model's content filter
// withheld. Its kind lets a content_policy_fallback take the request.
func ContentFiltered(model, reason string) *translate.Error {
	msg := model + " withheld the image: its content filter blocked the prompt or the generated image"
	if reason != "" {
		msg += " (" + reason + ")"
	}
	return &translate.Error{
		Status:  http.StatusBadRequest,
		Type:    translate.ErrInvalidRequest,
		Param:   "prompt",
		Code:    "content_policy_violation",
		Message: msg,
		Kind:    translate.FailContentPolicy,
	}
}

// ModelFailed is the error for an image the model failed to make.
func ModelFailed(model, reason string) *translate.Error {
	return &translate.Error{
		Status:  http.StatusBadGateway,
		Type:    translate.ErrUpstream,
		Message: model + " failed to generate the image (" + reason + ")",
		Kind:    translate.FailUnavailable,
	}
}

// Unreadable is the error for a native answer that is not what the model
// sends.
func Unreadable(model string) *translate.Error {
	return translate.BadUpstream("the answer of " + model + " on Bedrock could not be read: it holds no image")
}

// Valid reports whether a native answer is a JSON object: families slice
// image literals out of it, which are then copied into the client's
// answer as they are, so the whole must be valid JSON.
func Valid(body []byte) bool {
	return jsonw.Valid(body) && jsonw.IsObject(body)
}

// AppendAnswer appends OpenAI's image answer to dst:
// {"created":...,"data":[{"b64_json":"..."},...]}. The images' literals
// are copied, not decoded.
func AppendAnswer(dst []byte, created int64, a *Answer) []byte {
	dst = AppendHead(dst, created)
	for i, img := range a.Images {
		if i > 0 {
			dst = append(dst, `},{"b64_json":`...)
		}
		dst = append(dst, img...)
	}
	return append(dst, Tail...)
}

// AppendHead appends what comes before the first image's literal in
// AppendAnswer's output; Tail is what follows the last. A one-image
// answer is head, the literal and Tail, written without copying the
// literal.
func AppendHead(dst []byte, created int64) []byte {
	dst = append(dst, `{"created":`...)
	dst = strconv.AppendInt(dst, created, 10)
	return append(dst, `,"data":[{"b64_json":`...)
}

// Tail ends an answer after its last image.
const Tail = "}]}"

// AnswerSize is the length of AppendAnswer's output, to size its buffer.
func AnswerSize(a *Answer) int {
	n := 64
	for _, img := range a.Images {
		n += len(img) + len(`{"b64_json":},`)
	}
	return n
}
