package pricing

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// documented are the models the README documents, as the gateway calls them
// upstream: the seed's Bedrock table, the models its examples and family
// table name, the Bedrock embedding, image and rerank models, and the Azure
// models its examples and deployment rules name.
var documented = []struct{ provider, model string }{
	// Bedrock chat and text.
	{"bedrock", "us.deepseek.r1-v1:0"},
	{"bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0"},
	{"bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0"},
	{"bedrock", "anthropic.claude-3-5-haiku-20241022-v1:0"},
	{"bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0"},
	{"bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"},
	{"bedrock", "anthropic.claude-3-sonnet-20240229-v1:0"},
	{"bedrock", "anthropic.claude-3-haiku-20240307-v1:0"},
	{"bedrock", "anthropic.claude-3-opus-20240229-v1:0"},
	{"bedrock", "anthropic.claude-sonnet-4-20250514-v1:0"},
	{"bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0"},
	{"bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0"},
	{"bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"},
	{"bedrock", "anthropic.claude-haiku-4-5-20251001-v1:0"},
	{"bedrock", "anthropic.claude-opus-4-20250514-v1:0"},
	{"bedrock", "anthropic.claude-opus-4-1-20250805-v1:0"},
	{"bedrock", "anthropic.claude-opus-4-5-20251101-v1:0"},
	{"bedrock", "anthropic.claude-v2:1"},
	{"bedrock", "anthropic.claude-instant-v1"},
	{"bedrock", "meta.llama3-1-405b-instruct-v1:0"},
	{"bedrock", "meta.llama3-1-70b-instruct-v1:0"},
	{"bedrock", "meta.llama3-1-8b-instruct-v1:0"},
	{"bedrock", "meta.llama3-70b-instruct-v1:0"},
	{"bedrock", "meta.llama3-8b-instruct-v1:0"},
	{"bedrock", "meta.llama2-13b-chat-v1"},
	{"bedrock", "meta.llama2-70b-chat-v1"},
	{"bedrock", "us.meta.llama3-2-11b-instruct-v1:0"},
	{"bedrock", "us.meta.llama3-2-90b-instruct-v1:0"},
	{"bedrock", "us.meta.llama3-3-70b-instruct-v1:0"},
	{"bedrock", "us.meta.llama4-scout-17b-instruct-v1:0"},
	{"bedrock", "us.meta.llama4-maverick-17b-instruct-v1:0"},
	{"bedrock", "amazon.titan-text-lite-v1"},
	{"bedrock", "amazon.titan-text-express-v1"},
	{"bedrock", "amazon.titan-text-premier-v1:0"},
	{"bedrock", "amazon.nova-micro-v1:0"},
	{"bedrock", "amazon.nova-lite-v1:0"},
	{"bedrock", "amazon.nova-pro-v1:0"},
	{"bedrock", "us.amazon.nova-pro-v1:0"},
	{"bedrock", "us.amazon.nova-premier-v1:0"},
	{"bedrock", "us.amazon.nova-2-lite-v1:0"},
	{"bedrock", "cohere.command-text-v14"},
	{"bedrock", "cohere.command-light-text-v14"},
	{"bedrock", "cohere.command-r-v1:0"},
	{"bedrock", "cohere.command-r-plus-v1:0"},
	{"bedrock", "ai21.j2-mid-v1"},
	{"bedrock", "ai21.j2-ultra-v1"},
	{"bedrock", "ai21.jamba-instruct-v1:0"},
	{"bedrock", "ai21.jamba-1-5-large-v1:0"},
	{"bedrock", "ai21.jamba-1-5-mini-v1:0"},
	{"bedrock", "mistral.mistral-7b-instruct-v0:2"},
	{"bedrock", "mistral.mixtral-8x7b-instruct-v0:1"},
	{"bedrock", "mistral.mistral-large-2402-v1:0"},
	{"bedrock", "mistral.mistral-large-2407-v1:0"},
	{"bedrock", "mistral.mistral-small-2402-v1:0"},
	{"bedrock", "us.mistral.pixtral-large-2502-v1:0"},
	{"bedrock", "writer.palmyra-x4-v1:0"},
	{"bedrock", "writer.palmyra-x5-v1:0"},
	// Bedrock embeddings, images and rerank.
	{"bedrock", "amazon.titan-embed-text-v1"},
	{"bedrock", "amazon.titan-embed-text-v2:0"},
	{"bedrock", "amazon.titan-embed-image-v1"},
	{"bedrock", "cohere.embed-english-v3"},
	{"bedrock", "cohere.embed-multilingual-v3"},
	{"bedrock", "cohere.embed-v4:0"},
	{"bedrock", "stability.sd3-large-v1:0"},
	{"bedrock", "stability.sd3-5-large-v1:0"},
	{"bedrock", "stability.stable-image-core-v1:0"},
	{"bedrock", "stability.stable-image-core-v1:1"},
	{"bedrock", "stability.stable-image-ultra-v1:0"},
	{"bedrock", "stability.stable-image-ultra-v1:1"},
	{"bedrock", "amazon.nova-canvas-v1:0"},
	{"bedrock", "amazon.titan-image-generator-v1"},
	{"bedrock", "amazon.titan-image-generator-v2:0"},
	{"bedrock", "amazon.rerank-v1:0"},
	{"bedrock", "cohere.rerank-v3-5:0"},
	// Azure OpenAI.
	{"azure", "gpt-4o"},
	{"azure", "gpt-4o-mini"},
	{"azure", "gpt-4"},
	{"azure", "gpt-4-turbo"},
	{"azure", "gpt-4.1"},
	{"azure", "gpt-4.1-mini"},
	{"azure", "gpt-4.1-nano"},
	{"azure", "gpt-35-turbo"},
	{"azure", "gpt-3.5-turbo"},
	{"azure", "gpt-35-turbo-instruct"},
	{"azure", "gpt-5"},
	{"azure", "gpt-5-mini"},
	{"azure", "gpt-5-nano"},
	{"azure", "gpt-5-chat"},
	{"azure", "o1"},
	{"azure", "o1-mini"},
	{"azure", "o3"},
	{"azure", "o3-mini"},
	{"azure", "o4-mini"},
	{"azure", "text-embedding-3-small"},
	{"azure", "text-embedding-3-large"},
	{"azure", "text-embedding-ada-002"},
	{"azure", "gpt-image-1"},
	// Azure AI model inference.
	{"azure_ai", "Meta-Llama-3-70B-Instruct"},
	{"azure_ai", "Meta-Llama-3.1-8B-Instruct"},
	{"azure_ai", "Meta-Llama-3.1-70B-Instruct"},
	{"azure_ai", "Meta-Llama-3.1-405B-Instruct"},
	{"azure_ai", "Llama-3.3-70B-Instruct"},
	{"azure_ai", "Phi-4"},
	{"azure_ai", "Cohere-embed-v3-english"},
	{"azure_ai", "Cohere-embed-v3-multilingual"},
}

// unpriced are documented models for which LiteLLM's file, at the
// snapshot's commit, has no key under any convention Lookup resolves: their
// cost is reported as unknown, never as zero. Stable Diffusion XL and DALL-E
// 3 are priced only by size and quality (see TestLookupImage): LiteLLM
// prices SDXL 1.0 at 1024x1024 and SDXL 0.8 at 512x512 alone, so their
// other sizes are unpriced too (see TestImagePrices).
var unpriced = []struct{ provider, model string }{
	{"bedrock", "anthropic.claude-v2"},
	{"bedrock", "deepseek.r1-v1:0"},
	{"bedrock", "mistral.pixtral-large-2502-v1:0"},
	{"bedrock", "amazon.nova-premier-v1:0"},
	{"bedrock", "stability.stable-diffusion-xl-v0"},
	{"bedrock", "stability.stable-diffusion-xl-v1"},
	{"azure", "dall-e-3"},
}

func TestSnapshotCoversDocumentedModels(t *testing.T) {
	for _, m := range documented {
		e, ok := Snapshot().Lookup(m.provider, m.model, "")
		if !ok || !(e.PricesTokens() || e.PricesImages() || e.PricesQueries()) {
			t.Errorf("%s %s: no price in the snapshot", m.provider, m.model)
		}
	}
	for _, m := range unpriced {
		if e, ok := Snapshot().Lookup(m.provider, m.model, ""); ok {
			t.Errorf("%s %s: listed as unpriced but found %+v; move it to documented", m.provider, m.model, e)
		}
	}
}

// TestSnapshotGolden pins every documented model's prices and the cost of
// one usage, so that a snapshot refresh shows each price that moved. Run
// with -update to accept a new snapshot.
func TestSnapshotGolden(t *testing.T) {
	u := translate.Usage{PromptTokens: 1_000_000, CachedTokens: 600_000, CacheWriteTokens: 100_000, CompletionTokens: 100_000}
	var b strings.Builder
	fmt.Fprintf(&b, "# usage: %+v\n# provider model: input output cache-read cache-write per-query per-image cost\n", u)
	for _, m := range documented {
		e, _ := Snapshot().Lookup(m.provider, m.model, "")
		read, write := "-", "-"
		if e.Has(CacheReadPerToken) {
			read = fmt.Sprint(e.CacheReadInputTokenCost)
		}
		if e.Has(CacheWritePerToken) {
			write = fmt.Sprint(e.CacheCreationInputTokenCost)
		}
		fmt.Fprintf(&b, "%s %s: %g %g %s %s %g %g %.6f\n", m.provider, m.model, e.InputCostPerToken, e.OutputCostPerToken,
			read, write, e.InputCostPerQuery, e.OutputCostPerImage, e.Cost(u))
	}
	path := filepath.Join("testdata", "snapshot_costs.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("prices differ from %s (run with -update to accept):\n%s", path, b.String())
	}
}
