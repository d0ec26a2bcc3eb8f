package cohere

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Answer reads the vectors of "embeddings": an array of float vectors
// (response_type "embeddings_floats"), or an object of them by type
// ("embeddings_by_type", when the request named embedding_types, and
// always on v4). The answer counts no tokens: Bedrock's headers do.
func (f *family) Answer(body []byte, req *embeddings.Request, n int, vecs [][]byte) ([][]byte, int, *translate.Error) {
	if err := embeddings.CheckAnswer(body); err != nil {
		return vecs, 0, err
	}
	raw, ok := jsonw.Lookup(body, "embeddings")
	if ok && jsonw.IsObject(raw) {
		typ := "float"
		if len(req.EmbeddingTypes) == 1 {
			typ = req.EmbeddingTypes[0]
		}
		raw, ok = jsonw.Lookup(raw, typ)
	}
	if !ok {
		return vecs, 0, embeddings.Unreadable()
	}
	vecs, err := embeddings.Vectors(raw, n, vecs)
	return vecs, -1, err
}
