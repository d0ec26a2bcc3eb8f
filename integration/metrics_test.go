package integration

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// scrape reads Caddy's admin /metrics, where the gateway's metrics are
// served with Caddy's own.
func scrape(t *testing.T) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://localhost:%d/metrics", adminPort))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return families
}

// metricValue is the value of the series of name with exactly the given
// labels (those not given may be anything); for a histogram, its count.
// ok is false when no series matches.
func metricValue(families map[string]*dto.MetricFamily, name string, labels map[string]string) (v float64, ok bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
	for _, m := range f.Metric {
		match := true
		for k, want := range labels {
			found := false
			for _, l := range m.Label {
				if l.GetName() == k && l.GetValue() == want {
					found = true
				}
			}
			match = match && found
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			v += m.Counter.GetValue()
		case m.Gauge != nil:
			v += m.Gauge.GetValue()
		case m.Histogram != nil:
			v += float64(m.Histogram.GetSampleCount())
		}
		ok = true
	}
	return v, ok
}

// TestMetricsScrapedFromAdmin drives a chat that is retried after a
// throttle, a stream, a stream the client abandons, an unknown model and
// a malformed body, then checks what Caddy's admin /metrics says of them.
func TestMetricsScrapedFromAdmin(t *testing.T) {
	useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered", "")
	east.Handle(claudeID, fakebedrock.Reply{Status: 429, ErrorType: "ThrottlingException", Message: "Too many requests"})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Hello", " world")})
	startGateway(t, site)
	client := newClient()

	if resp, body := chatOnce(t, "claude", false); resp.StatusCode != 200 {
		t.Fatalf("chat: %d %s", resp.StatusCode, body)
	}
	if got := collectStream(t, client, "claude", option.WithJSONSet("stream_options", map[string]any{"include_usage": true})); got.err != nil {
		t.Fatalf("stream: %v", got.err)
	}
	// A stream the client leaves after its first words.
	west.Handle(claudeID, fakebedrock.Reply{Events: append(textStream(0, "Half")[:2], fakebedrock.Event{Block: true})})
	ctx, cancel := context.WithCancel(context.Background())
	s := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
		Model: "claude", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hi")},
	})
	if !s.Next() {
		t.Fatalf("abandoned stream: %v", s.Err())
	}
	cancel()
	_ = s.Close()
	<-west.Canceled()

	if resp, _ := chatOnce(t, "no-such-model", false); resp.StatusCode != 404 {
		t.Errorf("unknown model: %d", resp.StatusCode)
	}
	if resp := post(t, "/v1/chat/completions", `{"model":`); resp.StatusCode != 400 {
		t.Errorf("malformed body: %d", resp.StatusCode)
	}

	var families map[string]*dto.MetricFamily
	deadline := time.Now().Add(5 * time.Second)
	for {
		families = scrape(t)
		// The abandoned stream's handler finishes after its client left.
		if v, _ := metricValue(families, "caddy_llm_gateway_in_flight_requests", map[string]string{"alias": "claude"}); v == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	claude := map[string]string{"alias": "claude", "provider": "bedrock"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"caddy_llm_gateway_requests_total", with(claude, "endpoint", "chat", "stream", "false", "code", "200"), 1},
		{"caddy_llm_gateway_requests_total", with(claude, "endpoint", "chat", "stream", "true", "code", "200"), 2},
		{"caddy_llm_gateway_requests_total", map[string]string{"alias": "unknown", "code": "404"}, 1},
		{"caddy_llm_gateway_requests_total", map[string]string{"alias": "unknown", "code": "400"}, 1},
		{"caddy_llm_gateway_request_duration_seconds", with(claude, "endpoint", "chat"), 3},
		{"caddy_llm_gateway_time_to_first_token_seconds", claude, 2},
		{"caddy_llm_gateway_upstream_attempts_total", map[string]string{"alias": "claude", "deployment": "0", "outcome": "throttled"}, 1},
		{"caddy_llm_gateway_upstream_attempts_total", map[string]string{"alias": "claude", "deployment": "1", "outcome": "ok"}, 3},
		{"caddy_llm_gateway_upstream_errors_total", map[string]string{"alias": "claude", "deployment": "0", "code": "429"}, 1},
		{"caddy_llm_gateway_deployment_cooldowns_total", map[string]string{"alias": "claude", "deployment": "0"}, 1},
		{"caddy_llm_gateway_deployment_available", map[string]string{"alias": "claude", "deployment": "0"}, 0},
		{"caddy_llm_gateway_deployment_available", map[string]string{"alias": "claude", "deployment": "1"}, 1},
		{"caddy_llm_gateway_in_flight_requests", map[string]string{"alias": "claude"}, 0},
		// converseText reports 12 input and 8 output tokens, textStream 9
		// and 3; the abandoned stream ended before its usage came.
		{"caddy_llm_gateway_tokens_total", with(claude, "kind", "input"), 21},
		{"caddy_llm_gateway_tokens_total", with(claude, "kind", "output"), 11},
		{"caddy_llm_gateway_request_tokens", with(claude, "kind", "output"), 2},
		{"caddy_llm_gateway_output_tokens_per_second", claude, 2},
	} {
		got, ok := metricValue(families, tc.name, tc.labels)
		if !ok || got != tc.want {
			t.Errorf("%s%v = %v (found %v), want %v", tc.name, tc.labels, got, ok, tc.want)
		}
	}
}

// TestMetricsSeriesStayBounded: ten thousand made-up model names add one
// series, not ten thousand.
func TestMetricsSeriesStayBounded(t *testing.T) {
	fake := fakebedrock.New(t)
	startGateway(t, standardSite(t, fake))
	before := len(scrape(t)["caddy_llm_gateway_requests_total"].GetMetric())

	var wg sync.WaitGroup
	tr := &http.Transport{MaxIdleConnsPerHost: 8}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10000/8; i++ {
				body := fmt.Sprintf(`{"model":"m-%x","messages":[{"role":"user","content":"Hi"}]}`, rand.Uint64())
				resp, err := hc.Post(gatewayBase+"/v1/chat/completions", "application/json", strings.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != 404 {
					t.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()

	families := scrape(t)
	if got := len(families["caddy_llm_gateway_requests_total"].GetMetric()); got > before+1 {
		t.Errorf("requests_total has %d series after 10000 unknown models (%d before)", got, before)
	}
	if v, _ := metricValue(families, "caddy_llm_gateway_requests_total", map[string]string{"alias": "unknown", "code": "404"}); v != 10000 {
		t.Errorf("unknown-model requests counted %v times, want 10000", v)
	}
}

// TestMetricsGoWithTheirConfig: a reload that drops an alias drops its
// series; the new configuration's start from zero.
func TestMetricsGoWithTheirConfig(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, standardSite(t, fake))
	if resp, body := chatOnce(t, "claude", false); resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if v, _ := metricValue(scrape(t), "caddy_llm_gateway_requests_total", map[string]string{"alias": "claude"}); v != 1 {
		t.Fatalf("requests_total{claude} = %v before the reload", v)
	}
	startGateway(t, "llm_gateway {\n"+bedrockBlock(fake)+"\nmodel other bedrock/"+claudeID+"\n}")
	families := scrape(t)
	if _, ok := metricValue(families, "caddy_llm_gateway_requests_total", map[string]string{"alias": "claude"}); ok {
		t.Error("the reloaded-away alias still has requests_total series")
	}
	if _, ok := metricValue(families, "caddy_llm_gateway_deployment_available", map[string]string{"alias": "claude"}); ok {
		t.Error("the reloaded-away alias is still reported available")
	}
	if v, ok := metricValue(families, "caddy_llm_gateway_deployment_available", map[string]string{"alias": "other"}); !ok || v != 1 {
		t.Errorf("deployment_available{other} = %v (%v)", v, ok)
	}
}
