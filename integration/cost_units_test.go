package integration

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestCostOfImagesAndRerank: image generations cost the price of an image
// (by size and step class where LiteLLM has them) times the images
// answered, and rerank calls the price of a query, from the built-in
// table, from a line's own price and from a pricing_file; the cost goes
// out as the header, the metric and the placeholder, as for chat. An image
// size LiteLLM does not price has no cost rather than a cost of 0.
func TestCostOfImagesAndRerank(t *testing.T) {
	t.Setenv("QUERY_PRICE", "0.01")
	fake := fakebedrock.New(t)
	fake.Handle("stability.sd3-large-v1:0", fakebedrock.Reply{JSON: stableAnswer})
	fake.Handle("stability.stable-image-core-v1:0", fakebedrock.Reply{JSON: stableAnswer})
	fake.Handle("stability.stable-diffusion-xl-v1", fakebedrock.Reply{JSON: sdxlAnswer})
	fake.Handle("amazon.nova-canvas-v1:0", fakebedrock.Reply{JSON: `{"images":["` + png1x1 + `","` + png1x1 + `"]}`})
	agentAnswer := fakebedrock.Reply{JSON: readTestdata(t, "agent_answer.json")}
	fake.Handle(fakeARN(fake, amazonRerank), agentAnswer)
	fake.Handle(fakeARN(fake, cohereRerank), agentAnswer)
	fake.Handle(cohereRerank, fakebedrock.Reply{JSON: readTestdata(t, "cohere_answer.json")})
	dir := t.TempDir()
	pricesPath := filepath.Join(dir, "prices.json")
	if err := os.WriteFile(pricesPath, []byte(`{
		"stability.stable-image-core-v1:0": {"litellm_provider": "bedrock", "mode": "image_generation", "output_cost_per_image": 0.035},
		"amazon.rerank-v1:0": {"litellm_provider": "bedrock", "mode": "rerank", "input_cost_per_query": 0.0015}
	}`), 0o600); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "access.log")
	startGateway(t, `log {
		output file `+logPath+`
		format json
	}
	log_append llm_cost {http.llm_gateway.cost}
	llm_gateway {
		pricing_file `+pricesPath+`
		`+bedrockBlock(fake)+`
		model sd3 bedrock/stability.sd3-large-v1:0
		model sd3-own bedrock/stability.sd3-large-v1:0 {
			output_cost_per_image 0.5
		}
		model core bedrock/stability.stable-image-core-v1:0
		model nova bedrock/amazon.nova-canvas-v1:0
		model sdxl bedrock/stability.stable-diffusion-xl-v1
		model amazon-rerank bedrock/`+amazonRerank+`
		model cohere-rerank bedrock/`+cohereRerank+`
		model cohere-invoke bedrock/invoke/`+cohereRerank+`
		model rerank-own bedrock/`+cohereRerank+` {
			input_cost_per_query {env.QUERY_PRICE}
		}
	}`)

	cases := []costCase{
		{"flat price from the table", "/v1/images/generations", imageRequest("sd3", ""), "0.08"},
		{"the line's own price", "/v1/images/generations", imageRequest("sd3-own", `,"size":"1344x768"`), "0.5"},
		{"the pricing_file's price", "/v1/images/generations", imageRequest("core", ""), "0.035"},
		{"two images", "/v1/images/generations", imageRequest("nova", `,"n":2`), "0.12"},
		{"SDXL by size and steps", "/v1/images/generations", imageRequest("sdxl", `,"size":"1024x1024","steps":60`), "0.08"},
		{"SDXL at 50 steps by default", "/v1/images/generations", imageRequest("sdxl", ""), "0.04"},
		{"SDXL at a size LiteLLM does not price", "/v1/images/generations", imageRequest("sdxl", `,"size":"1152x896"`), ""},
		{"rerank from the pricing_file", "/v1/rerank", rerankRequest(t, "amazon-rerank"), "0.0015"},
		{"rerank from the table", "/v1/rerank", rerankRequest(t, "cohere-rerank"), "0.002"},
		{"rerank through InvokeModel", "/v1/rerank", rerankRequest(t, "cohere-invoke"), "0.002"},
		{"rerank at the line's own price", "/v1/rerank", rerankRequest(t, "rerank-own"), "0.01"},
	}
	checkCosts(t, logPath, cases)
	families := scrape(t)
	for alias, want := range map[string]float64{"nova": 0.12, "sdxl": 0.12, "cohere-rerank": 0.002} {
		if got, _ := metricValue(families, "caddy_llm_gateway_cost_usd_total", map[string]string{"alias": alias}); !closeTo(got, want) {
			t.Errorf("cost_usd_total{%s} = %g, want %g", alias, got, want)
		}
	}
}

// imageRequest is an image generation of a sea otter on a line, with more
// members (`,"n":2`).
func imageRequest(alias, more string) string {
	return `{"model":"` + alias + `","prompt":"A cute baby sea otter"` + more + `}`
}

// costCase is a request and the cost it is reported at.
type costCase struct {
	name, path, body string
	want             string // "" for no cost
}

// checkCosts makes each request and checks its cost in the header and in
// the access log at logPath, which has a line for each request alone.
func checkCosts(t *testing.T, logPath string, cases []costCase) {
	t.Helper()
	for _, tc := range cases {
		resp := post(t, tc.path, tc.body)
		body := readAll(t, resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
		if got := resp.Header.Get(costHeader); got != tc.want {
			t.Errorf("%s: cost %q, want %q", tc.name, got, tc.want)
		}
	}
	for i, line := range readAccessLog(t, logPath, len(cases)) {
		if got, _ := line["llm_cost"].(string); got != cases[i].want {
			t.Errorf("%s: access log cost %q, want %q", cases[i].name, got, cases[i].want)
		}
	}
}
