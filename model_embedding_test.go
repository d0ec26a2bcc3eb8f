package llmgateway

import (
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
)

func TestEmbeddingOptionsCaddyfile(t *testing.T) {
	const head = "llm_gateway {\n\tbedrock b {\n\t\tregion us-east-1\n\t}\n\tmodel e bedrock/amazon.titan-embed-text-v2:0 {\n\t\t"
	for i, tc := range []struct {
		sub  string
		want []string // the error's parts; none when it parses
	}{
		{"normalize", nil},
		{"normalize false", nil},
		{"dimensions 512", nil},
		{"input_type search_query", nil},
		{"dimensions {env.EMBED_DIMS}", nil},
		{"normalize maybe", []string{"Testfile:6", `invalid normalize "maybe"`}},
		{"normalize true false", []string{"Testfile:6", "wrong argument count"}},
		{"dimensions many", []string{"Testfile:6", `invalid dimensions "many"`}},
		{"input_type", []string{"Testfile:6", "wrong argument count"}},
	} {
		g := new(Gateway)
		err := g.UnmarshalCaddyfile(caddyfile.NewTestDispenser(head + tc.sub + "\n\t}\n}"))
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("%d: %v", i, err)
		case tc.want != nil && err == nil:
			t.Errorf("%d: %q parsed", i, tc.sub)
		}
		for _, w := range tc.want {
			if err != nil && !strings.Contains(err.Error(), w) {
				t.Errorf("%d: %q lacks %q", i, err, w)
			}
		}
	}
	err := new(Gateway).UnmarshalCaddyfile(caddyfile.NewTestDispenser("llm_gateway {\n\tmodel e azure/emb {\n\t\tdimensions 256\n\t}\n}"))
	if err == nil || !strings.Contains(err.Error(), "dimensions applies to bedrock targets only") {
		t.Errorf("azure: %v", err)
	}
}

func TestEmbeddingOptionsResolve(t *testing.T) {
	yes := true
	for i, tc := range []struct {
		m    Model
		want string // part of the error; "" when the line resolves
		opts embeddings.Options
	}{
		{Model{Target: "bedrock/amazon.titan-embed-text-v2:0", Dimensions: IntOf(256), Normalize: &yes}, "",
			embeddings.Options{Dimensions: 256, Normalize: embeddings.True}},
		{Model{Target: "bedrock/us.cohere.embed-v4:0", InputType: "search_query"}, "", embeddings.Options{InputType: "search_query"}},
		{Model{Target: "bedrock/arn:aws:bedrock:us-east-1:1:provisioned-model/x", Family: "nova_embed", Dimensions: IntOf(384)}, "",
			embeddings.Options{Dimensions: 384}},
		{Model{Target: "bedrock/amazon.titan-embed-text-v2:0", Dimensions: IntOf(384)}, "offers 256, 512, 1024, not 384", embeddings.Options{}},
		{Model{Target: "bedrock/amazon.titan-embed-text-v1", Normalize: &yes}, "normalize applies to Titan Text Embeddings V2 only", embeddings.Options{}},
		{Model{Target: "bedrock/cohere.embed-english-v3", InputType: "query"}, "takes search_document", embeddings.Options{}},
		{Model{Target: "bedrock/anthropic.claude-3-haiku-20240307-v1:0", InputType: "search_query"}, "apply to embedding models", embeddings.Options{}},
		{Model{Target: "bedrock/converse/amazon.titan-embed-text-v2:0", Dimensions: IntOf(256)}, "Bedrock embedding models only", embeddings.Options{}},
		{Model{Target: "bedrock/amazon.titan-embed-text-v2:0", Dimensions: IntOf(0)}, "between 1 and", embeddings.Options{}},
	} {
		tc.m.Alias = "e"
		line, err := resolveLine(&tc.m, caddy.NewReplacer())
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%d: %v", i, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%d: error %v, want %q", i, err, tc.want)
		case err == nil:
			got := line.embedding
			got.ModelID = ""
			if got != tc.opts {
				t.Errorf("%d: options %+v, want %+v", i, got, tc.opts)
			}
		}
	}
}
