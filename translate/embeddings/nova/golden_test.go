package nova

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings/internal/embedtest"
)

func TestGoldenRequests(t *testing.T) {
	embedtest.Requests(t, family{}, "testdata/request", map[string]embeddings.Options{
		"text": {}, "image_query": {}, "line_defaults": {InputType: "clustering", Dimensions: 1024},
		"error_dimensions": {}, "error_image_and_text": {},
	})
}

func TestGoldenAnswers(t *testing.T) {
	embedtest.Answers(t, family{}, "testdata/response", map[string]int{"text": 1, "error_empty": 1})
}

func TestConfigure(t *testing.T) {
	for i, tc := range []struct {
		o    embeddings.Options
		fail bool
	}{
		{embeddings.Options{InputType: "search_query", Dimensions: 384}, false},
		{embeddings.Options{InputType: "TEXT_RETRIEVAL"}, false},
		{embeddings.Options{InputType: "query"}, true},
		{embeddings.Options{Dimensions: 512}, true},
		{embeddings.Options{Normalize: embeddings.True}, true},
	} {
		if err := (family{}).Configure(&tc.o); (err != nil) != tc.fail {
			t.Errorf("%d: %+v: %v", i, tc.o, err)
		}
	}
}
