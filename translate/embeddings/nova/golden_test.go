package nova

import (
	"strings"
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

// TestCheckInputType: a request's input_type is Cohere's word or Nova's
// own purpose; any other is a 400 that lists both.
func TestCheckInputType(t *testing.T) {
	for _, tc := range []struct {
		inputType string
		ok        bool
	}{{"search_query", true}, {"IMAGE_RETRIEVAL", true}, {"query", false}} {
		_, err := embedtest.Parse(t, family{}, []byte(`{"input":"a","input_type":"`+tc.inputType+`"}`), &embeddings.Options{})
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.inputType, err)
		case !tc.ok && (err == nil || err.Status != 400 || err.Param != "input_type" ||
			!strings.Contains(err.Message, "search_document, search_query, classification, clustering, GENERIC_INDEX")):
			t.Errorf("%s: %+v", tc.inputType, err)
		}
	}
}
