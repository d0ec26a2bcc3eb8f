package integration

import (
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// TestCostOfAzureImages: an Azure OpenAI image generation costs, as LiteLLM
// prices DALL-E on Azure, the table's price per pixel for the request's
// size and quality ("azure/<quality>/<W>-x-<H>/<model>"; 1024x1024 and
// standard when it names none) × the pixels × the images answered. A
// deployment named otherwise finds its prices through base_model, and a
// line's output_cost_per_image holds for every size. A size or quality
// LiteLLM does not price has no cost rather than a cost of 0.
func TestCostOfAzureImages(t *testing.T) {
	fake := fakeazure.New(t)
	fake.HandleDeployment("dall-e-3", fakeazure.Reply{})
	fake.HandleDeployment("otters", fakeazure.Reply{JSON: `{"created":1700000000,"data":[` +
		`{"revised_prompt":"Two otters","b64_json":"` + png1x1 + `"},{"revised_prompt":"Two otters","b64_json":"` + png1x1 + `"}]}`})
	fake.HandleDeployment("gpt-image-1", fakeazure.Reply{JSON: `{"created":1700000000,"data":[{"b64_json":"` + png1x1 + `"}],` +
		`"usage":{"input_tokens":12,"input_tokens_details":{"image_tokens":0,"text_tokens":12},"output_tokens":4160,"total_tokens":4172}}`})
	t.Setenv("TEST_AZURE_KEY", fake.Key)
	logPath := filepath.Join(t.TempDir(), "access.log")
	startGateway(t, `log {
		output file `+logPath+`
		format json
	}
	log_append llm_cost {http.llm_gateway.cost}
	llm_gateway {
		azure oai {
			endpoint `+fake.URL+`
			api_key {env.TEST_AZURE_KEY}
		}
		model dalle azure/dall-e-3
		model dalle-own azure/dall-e-3 {
			output_cost_per_image 0.05
		}
		model otters azure/otters {
			base_model azure/dall-e-3
		}
		model gpt-image azure/gpt-image-1
	}`)

	const path = "/v1/images/generations"
	checkCosts(t, logPath, []costCase{
		{"standard at 1024x1024 by default", path, imageRequest("dalle", ""), "0.0399999238144"},
		{"standard, wide", path, imageRequest("dalle", `,"size":"1792x1024","quality":"standard"`), "0.07998799872000001"},
		{"hd", path, imageRequest("dalle", `,"quality":"hd"`), "0.07999586304"},
		{"hd, tall", path, imageRequest("dalle", `,"size":"1024x1792","quality":"hd"`), "0.11999117312000002"},
		{"the line's own price, whatever the size", path, imageRequest("dalle-own", `,"size":"1024x1792","quality":"hd"`), "0.05"},
		{"two images through base_model", path, imageRequest("otters", `,"n":2,"size":"1024x1792","quality":"hd","response_format":"b64_json"`), "0.23998234624000003"},
		{"gpt-image-1 by size and quality", path, imageRequest("gpt-image", `,"quality":"medium"`), "0.041999999696896"},
		{"gpt-image-1 at a quality LiteLLM does not key", path, imageRequest("gpt-image", `,"quality":"auto"`), ""},
	})
	families := scrape(t)
	for alias, want := range map[string]float64{"dalle": 0.0399999238144 + 0.07998799872000001 + 0.07999586304 + 0.11999117312000002, "otters": 0.23998234624000003} {
		if got, _ := metricValue(families, "caddy_llm_gateway_cost_usd_total", map[string]string{"alias": alias}); !closeTo(got, want) {
			t.Errorf("cost_usd_total{%s} = %g, want %g", alias, got, want)
		}
	}
}
