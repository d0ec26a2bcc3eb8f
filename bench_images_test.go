package llmgateway

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkServeBedrockImage is one Nova Canvas image through the handler:
// the request translated, signed and sent, and a megabyte of base64 image
// copied from Bedrock's answer into OpenAI's, never decoded.
func BenchmarkServeBedrockImage(b *testing.B) {
	answer := `{"images":["` + strings.Repeat("iVBORw0KGgoAAAANSUhEUgAA", 1<<20/24) + `"],"error":null}`
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(answer))) // as Bedrock sends it
		_, _ = io.WriteString(w, answer)
	}))
	benchServeAt(b, g, "/v1/images/generations",
		`{"model":"nova-canvas","prompt":"A stylized picture of a cute old steampunk robot.","n":1,"size":"1024x1024","quality":"standard","response_format":"b64_json"}`)
}
