package integration

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	llmgateway "github.com/caddy-llm-gateway/caddy-llm-gateway"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/pricing"
)

func costValue(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cost %q: %v", s, err)
	}
	return v
}

func closeTo(a, b float64) bool { return math.Abs(a-b) <= 1e-12+1e-9*math.Abs(b) }

// TestCostFromTheTableAndOverrides: answers carry what their tokens cost,
// from the built-in table, from a line's own prices, from a pricing_file
// laid over the table, and for a stream in a trailer; a line nobody
// prices gets no cost at all rather than a cost of 0.
func TestCostFromTheTableAndOverrides(t *testing.T) {
	t.Setenv("CHEAP_OUTPUT_PRICE", "5e-06")
	fake := fakebedrock.New(t)
	const privateID = "arn:aws:bedrock:us-east-1:123456789012:custom-model/private"
	otherID := strings.Replace(privateID, "private", "other", 1)
	for _, id := range []string{claudeID, privateID, otherID} {
		fake.Handle(id, fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Hello", " world")})
	}
	// A pricing_file of one entry: it prices the private model, and the
	// built-in table keeps pricing the rest.
	pricesPath := filepath.Join(t.TempDir(), "prices.json")
	if err := os.WriteFile(pricesPath, []byte(`{"sample_spec":{"input_cost_per_token":"0"},
		"private-model":{"input_cost_per_token":0.001,"output_cost_per_token":"0.002","litellm_provider":"bedrock","mode":"chat"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	startGateway(t, `llm_gateway {
		pricing_file `+pricesPath+`
		`+bedrockBlock(fake)+`
		model claude bedrock/`+claudeID+`
		model cheap bedrock/`+claudeID+` {
			input_cost_per_token 1e-06
			output_cost_per_token {env.CHEAP_OUTPUT_PRICE}
		}
		model private bedrock/converse/`+privateID+` {
			base_model private-model
		}
		model unpriced bedrock/converse/`+otherID+`
	}`)

	entry, ok := pricing.Snapshot().Lookup("bedrock", claudeID, fake.Region)
	if !ok {
		t.Fatalf("the built-in table has no price for %s", claudeID)
	}
	// converseText: 12 input and 8 output tokens; textStream: 9 and 3.
	for _, tc := range []struct {
		alias  string
		stream bool
		want   float64
	}{
		{"claude", false, 12*entry.InputCostPerToken + 8*entry.OutputCostPerToken},
		{"claude", true, 9*entry.InputCostPerToken + 3*entry.OutputCostPerToken},
		{"cheap", false, 12*1e-6 + 8*5e-6},
		{"private", false, 12*0.001 + 8*0.002},
	} {
		resp, body := chatOnce(t, tc.alias, tc.stream)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", tc.alias, resp.StatusCode, body)
		}
		got := resp.Header.Get(costHeader)
		if tc.stream {
			if resp.Header.Get(costHeader) != "" {
				t.Errorf("%s stream: the cost came before the tokens were counted", tc.alias)
			}
			got = resp.Trailer.Get(costHeader)
		}
		if !closeTo(costValue(t, got), tc.want) {
			t.Errorf("%s (stream %v): cost %s, want %g", tc.alias, tc.stream, got, tc.want)
		}
	}
	if resp, body := chatOnce(t, "unpriced", false); resp.StatusCode != 200 || resp.Header.Get(costHeader) != "" {
		t.Errorf("unpriced: %d, cost %q, want an answer with no cost: %s", resp.StatusCode, resp.Header.Get(costHeader), body)
	}

	families := scrape(t)
	claudeSpent, _ := metricValue(families, "caddy_llm_gateway_cost_usd_total", map[string]string{"alias": "claude"})
	if want := 21*entry.InputCostPerToken + 11*entry.OutputCostPerToken; !closeTo(claudeSpent, want) {
		t.Errorf("cost_usd_total{claude} = %g, want %g", claudeSpent, want)
	}
	if _, ok := metricValue(families, "caddy_llm_gateway_cost_usd_total", map[string]string{"alias": "unpriced"}); ok {
		if v, _ := metricValue(families, "caddy_llm_gateway_cost_usd_total", map[string]string{"alias": "unpriced"}); v != 0 {
			t.Errorf("cost_usd_total{unpriced} = %g", v)
		}
	}
}

// TestCostConfigErrors: a price that is not one, literal or from a
// placeholder, and a base_model the table does not have, stop the start
// with a message that names them.
func TestCostConfigErrors(t *testing.T) {
	t.Setenv("NOT_A_PRICE", "lots")
	for _, tc := range []struct{ line, want string }{
		{"input_cost_per_token cheap", `invalid input_cost_per_token "cheap"`},
		{"output_cost_per_image {env.NOT_A_PRICE}", `output_cost_per_image: {env.NOT_A_PRICE} resolved to "lots": not a price in US dollars`},
		{"input_cost_per_query {env.NOT_A_PRICE}", `input_cost_per_query: {env.NOT_A_PRICE} resolved to "lots": not a price in US dollars`},
		{"base_model no-such-model", `base_model "no-such-model" is not in the price table`},
	} {
		err := loadCaddyfileError(t, `llm_gateway {
			bedrock b {
				region us-east-1
			}
			model claude bedrock/`+claudeID+` {
				`+tc.line+`
			}
		}`)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to say %q", tc.line, err, tc.want)
		}
	}
}

// loadCaddyfileError adapts and provisions a gateway block, returning the
// first error.
func loadCaddyfileError(t *testing.T, block string) error {
	t.Helper()
	isolateAWSEnv(t)
	g := new(llmgateway.Gateway)
	if err := g.UnmarshalCaddyfile(caddyfile.NewTestDispenser(block)); err != nil {
		return err
	}
	ctx, cancel := caddy.NewContext(caddy.Context{Context: t.Context()})
	defer cancel()
	if err := g.Provision(ctx); err != nil {
		return err
	}
	_ = g.Cleanup()
	return nil
}
