package titan

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings/internal/embedtest"
)

func TestGoldenRequests(t *testing.T) {
	t.Run("v1", func(t *testing.T) {
		embedtest.Requests(t, textV1, "testdata/v1/request", map[string]embeddings.Options{
			"plain": {}, "error_dimensions": {}, "dropped": {DropParams: true},
		})
	})
	t.Run("v2", func(t *testing.T) {
		embedtest.Requests(t, textV2, "testdata/v2/request", map[string]embeddings.Options{
			"plain": {}, "line_defaults": {Dimensions: 256, Normalize: embeddings.False},
			"error_dimensions": {}, "error_tokens": {},
		})
	})
	t.Run("image", func(t *testing.T) {
		embedtest.Requests(t, multimodal, "testdata/image/request", map[string]embeddings.Options{
			"image_and_text": {}, "error_normalize": {},
		})
	})
}

func TestGoldenAnswers(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		f     embeddings.Family
		cases map[string]int
	}{
		{"testdata/v1/response", textV1, map[string]int{"plain": 1}},
		{"testdata/v2/response", textV2, map[string]int{"plain": 1, "error_no_embedding": 1}},
		{"testdata/image/response", multimodal, map[string]int{"plain": 1, "error_strings": 1}},
	} {
		t.Run(tc.dir, func(t *testing.T) { embedtest.Answers(t, tc.f, tc.dir, tc.cases) })
	}
}

func TestConfigure(t *testing.T) {
	for i, tc := range []struct {
		f    embeddings.Family
		o    embeddings.Options
		fail bool
	}{
		{textV2, embeddings.Options{Dimensions: 512, Normalize: embeddings.True}, false},
		{textV2, embeddings.Options{Dimensions: 384}, true},
		{textV2, embeddings.Options{InputType: "search_query"}, true},
		{textV1, embeddings.Options{Dimensions: 1024}, true},
		{textV1, embeddings.Options{Normalize: embeddings.False}, true},
		{multimodal, embeddings.Options{Dimensions: 384}, false},
		{multimodal, embeddings.Options{Normalize: embeddings.True}, true},
	} {
		if err := tc.f.Configure(&tc.o); (err != nil) != tc.fail {
			t.Errorf("%d: %s %+v: %v", i, tc.f.Name(), tc.o, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	for id, want := range map[string]embeddings.Family{
		"amazon.titan-embed-text-v2:0": textV2, "us.amazon.titan-embed-text-v2:0": textV2,
		"amazon.titan-embed-text-v1": textV1, "amazon.titan-embed-g1-text-02": textV1,
		"amazon.titan-embed-image-v1": multimodal,
		"arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0": textV2,
	} {
		if got, ok := embeddings.Lookup(id); !ok || got != want {
			t.Errorf("%s: %v %v", id, got, ok)
		}
	}
	if _, ok := embeddings.Lookup("amazon.titan-text-express-v1"); ok {
		t.Error("a text model is an embedding model")
	}
}
