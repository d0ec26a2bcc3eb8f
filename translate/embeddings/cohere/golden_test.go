package cohere

import (
	"os"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings/internal/embedtest"
)

func TestGoldenRequests(t *testing.T) {
	t.Run("v3", func(t *testing.T) {
		embedtest.Requests(t, v3, "testdata/v3/request", map[string]embeddings.Options{
			"batch": {}, "line_input_type": {InputType: "clustering"}, "image": {},
			"error_dimensions": {}, "error_two_types": {}, "error_input_type": {},
		})
	})
	t.Run("v4", func(t *testing.T) {
		embedtest.Requests(t, v4, "testdata/v4/request", map[string]embeddings.Options{"dimensions": {}})
	})
}

func TestGoldenAnswers(t *testing.T) {
	embedtest.Answers(t, v3, "testdata/v3/response", map[string]int{"floats": 2, "error_count": 2})
}

func TestAnswerByType(t *testing.T) {
	req := &embeddings.Request{EmbeddingTypes: []string{"int8"}}
	vecs, tokens, err := v3.Answer(mustRead(t, "testdata/v3/by_type.json"), req, 2, nil)
	if err != nil || tokens != -1 || len(vecs) != 2 || string(vecs[1]) != "[-3, 88, 21]" {
		t.Errorf("%q %d %v", vecs, tokens, err)
	}
}

func TestPlan(t *testing.T) {
	text := embeddings.Input{Kind: embeddings.KindText, Text: []byte(`"a"`)}
	image := embeddings.Input{Kind: embeddings.KindImage, Format: "png", Data: []byte("AAAA")}
	inputs := make([]embeddings.Input, 0, 200)
	for range 100 {
		inputs = append(inputs, text)
	}
	inputs = append(inputs, image, image, text)
	for _, tc := range []struct {
		f    *family
		want []embeddings.Span
	}{
		{v3, []embeddings.Span{span(0, 96), span(96, 100), span(100, 101), span(101, 102), span(102, 103)}},
		{v4, []embeddings.Span{span(0, 96), span(96, 100), span(100, 102), span(102, 103)}},
	} {
		got := embeddings.Plan(tc.f, inputs)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %v", tc.f.name, got)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.f.name, got, tc.want)
			}
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func span(lo, hi int) embeddings.Span { return embeddings.Span{Lo: lo, Hi: hi} }
