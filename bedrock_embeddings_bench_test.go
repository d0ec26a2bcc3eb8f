package llmgateway

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// Embedding batches of 100 inputs, in both encodings: Titan makes 100
// calls, 8 at a time; Cohere two (96 and 4). The upstreams answer
// 1024-dimension vectors, as both models do by default.

func benchVector(dims int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range dims {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatFloat(float64(i%97)/97-0.5, 'g', 8, 32))
	}
	b.WriteByte(']')
	return b.String()
}

func benchEmbeddingsBody(alias, format string) string {
	in := make([]string, 100)
	for i := range in {
		in[i] = fmt.Sprintf("text %d: the quick brown fox jumps over the lazy dog", i)
	}
	raw, _ := json.Marshal(in)
	return `{"model":"` + alias + `","encoding_format":"` + format + `","input":` + string(raw) + `}`
}

func benchServeEmbeddings(b *testing.B, g *Gateway, body string) {
	b.Helper()
	next := caddyhttp.HandlerFunc(func(http.ResponseWriter, *http.Request) error { return nil })
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/v1/embeddings", strings.NewReader(body))
		req = req.WithContext(context.WithValue(req.Context(), caddy.ReplacerCtxKey, caddy.NewReplacer()))
		w := httptest.NewRecorder()
		if err := g.ServeHTTP(w, req, next); err != nil || w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body.Bytes())
		}
	}
}

func BenchmarkServeEmbeddingsTitanFanOut(b *testing.B) {
	answer := []byte(`{"embedding":` + benchVector(1024) + `,"inputTextTokenCount":12}`)
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
	}))
	for _, format := range []string{"float", "base64"} {
		b.Run(format, func(b *testing.B) { benchServeEmbeddings(b, g, benchEmbeddingsBody("titan-embed", format)) })
	}
}

func BenchmarkServeEmbeddingsCohereBatched(b *testing.B) {
	vec := benchVector(1024)
	answers := map[int][]byte{}
	for _, n := range []int{96, 4} {
		answers[n] = []byte(`{"embeddings":[` + strings.Repeat(vec+",", n-1) + vec + `],"id":"b","response_type":"embeddings_floats"}`)
	}
	g := benchGateway(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Bedrock-Input-Token-Count", "1200")
		_, _ = w.Write(answers[bytes.Count(body, []byte(`"text `))])
	}))
	for _, format := range []string{"float", "base64"} {
		b.Run(format, func(b *testing.B) { benchServeEmbeddings(b, g, benchEmbeddingsBody("cohere-embed", format)) })
	}
}
