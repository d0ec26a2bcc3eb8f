package integration

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	llmgateway "github.com/caddy-llm-gateway/caddy-llm-gateway"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestAttemptSpans: a traced request gets one client span per upstream
// attempt, under the request's span, with GenAI attributes and no prompt
// or completion text; the upstream gets the attempt's traceparent.
func TestAttemptSpans(t *testing.T) {
	useFakeClock(t)
	isolateAWSEnv(t)
	east, west := fakebedrock.New(t), fakebedrock.New(t)
	east.Handle(claudeID, fakebedrock.Reply{Status: 429, ErrorType: "ThrottlingException", Message: "Too many requests"})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	g := &llmgateway.Gateway{Resilience: llmgateway.Resilience{Routing: "ordered"}}
	if err := json.Unmarshal([]byte(`{"bedrock":{
		"east":{"region":"us-east-1","access_key_id":"`+east.Creds.AccessKeyID+`","secret_access_key":"`+east.Creds.SecretAccessKey+`","endpoint":"`+east.URL+`"},
		"west":{"region":"us-east-1","access_key_id":"`+west.Creds.AccessKeyID+`","secret_access_key":"`+west.Creds.SecretAccessKey+`","endpoint":"`+west.URL+`"}},
		"models":[{"alias":"claude","target":"bedrock/`+claudeID+`","account":"east"},
		{"alias":"claude","target":"bedrock/`+claudeID+`","account":"west"}]}`), g); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	defer cancel()
	if err := g.Provision(ctx); err != nil {
		t.Fatal(err)
	}
	defer g.Cleanup()

	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	defer tp.Shutdown(context.Background())
	reqCtx, server := tp.Tracer("caddy").Start(context.Background(), "POST /v1/chat/completions")
	body := `{"model":"claude","messages":[{"role":"user","content":"a secret prompt"}]}`
	req := httptest.NewRequest(http.MethodPost, "/v1/chat/completions", strings.NewReader(body)).WithContext(reqCtx)
	req = req.WithContext(context.WithValue(req.Context(), caddy.ReplacerCtxKey, caddy.NewReplacer()))
	w := httptest.NewRecorder()
	if err := g.ServeHTTP(w, req, caddyhttp.HandlerFunc(func(http.ResponseWriter, *http.Request) error { return nil })); err != nil || w.Code != 200 {
		t.Fatalf("status %d: %v %s", w.Code, err, w.Body)
	}
	server.End()

	spans := recorder.Ended()
	var attempts []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Parent().SpanID() == server.SpanContext().SpanID() {
			attempts = append(attempts, s)
		}
	}
	if len(attempts) != 2 {
		t.Fatalf("%d attempt spans, want 2 (a throttled one and the answer)", len(attempts))
	}
	attrs := func(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
		m := map[attribute.Key]attribute.Value{}
		for _, kv := range s.Attributes() {
			m[kv.Key] = kv.Value
		}
		return m
	}
	throttled, answered := attrs(attempts[0]), attrs(attempts[1])
	if attempts[0].Status().Code != codes.Error || throttled["error.type"].AsString() != "rate_limit_exceeded" {
		t.Errorf("throttled span: status %v, error.type %q", attempts[0].Status(), throttled["error.type"].AsString())
	}
	for k, want := range map[attribute.Key]any{
		"gen_ai.system": "aws.bedrock", "gen_ai.operation.name": "chat", "gen_ai.request.model": claudeID,
		"gen_ai.response.model": claudeID, "gen_ai.usage.input_tokens": int64(12), "gen_ai.usage.output_tokens": int64(8),
	} {
		if got := answered[k].AsInterface(); got != want {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if got := answered["gen_ai.response.finish_reasons"].AsStringSlice(); len(got) != 1 || got[0] != "stop" {
		t.Errorf("finish reasons %v", got)
	}
	for _, s := range attempts {
		if s.SpanKind().String() != "client" || s.Name() != "chat "+claudeID {
			t.Errorf("span %q kind %v", s.Name(), s.SpanKind())
		}
		for _, kv := range s.Attributes() {
			if strings.Contains(kv.Value.Emit(), "secret prompt") || strings.Contains(kv.Value.Emit(), "Paris") {
				t.Errorf("span %q carries text: %s", s.Name(), kv.Key)
			}
		}
	}

	// Each upstream call carries its own attempt's span as parent.
	for i, fake := range []*fakebedrock.Server{east, west} {
		reqs := fake.Requests()
		if len(reqs) != 1 {
			t.Fatalf("fake %d: %d requests", i, len(reqs))
		}
		want := "00-" + server.SpanContext().TraceID().String() + "-" + attempts[i].SpanContext().SpanID().String() + "-01"
		if got := reqs[0].Header.Get("Traceparent"); got != want {
			t.Errorf("fake %d: traceparent %q, want %q", i, got, want)
		}
	}
}

// TestTraceparentThroughCaddyTracing: with Caddy's own tracing directive
// in front, the upstream call continues the client's trace.
func TestTraceparentThroughCaddyTracing(t *testing.T) {
	t.Setenv("OTEL_TRACES_EXPORTER", "none")
	t.Setenv("OTEL_METRICS_EXPORTER", "none")
	fake := fakebedrock.New(t)
	fake.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, "tracing\n"+standardSite(t, fake))
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	resp := post(t, "/v1/chat/completions", `{"model":"claude",`+hello+`}`, "Traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	readAll(t, resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || !strings.HasPrefix(reqs[0].Header.Get("Traceparent"), "00-"+traceID+"-") ||
		strings.Contains(reqs[0].Header.Get("Traceparent"), "00f067aa0ba902b7") {
		t.Errorf("upstream traceparent %q, want the client's trace under a span of the gateway's", reqs[0].Header.Get("Traceparent"))
	}
}
