package azure

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

const requestDir = "testdata/request"

var (
	optsGPT4o = Options{Kind: OpenAI, Deployment: "gpt-4o"}
	optsO3    = Options{Kind: OpenAI, Deployment: "o3", Reasoning: true}
	optsLlama = Options{Kind: AI, Model: "Meta-Llama-3.1-70B-Instruct"}
)

// TestRequestGolden translates testdata/request/<input>.json and
// compares the body with <name>.golden.json (-update rewrites them).
func TestRequestGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range []struct {
		name, input string
		opts        Options
		dropped     []string
		// streamOptionsDropped is State.StreamOptionsDropped.
		streamOptionsDropped bool
		// absent are substrings that must not occur in the body.
		absent []string
	}{
		{name: "azure_basic", opts: optsGPT4o, absent: []string{
			`"model"`, "gpt4o", "api_", "sk-client", "evil", "azure_ad", "stolen", "AZURE", "other", "extra_headers", "X-Evil", "2099"}},
		{name: "azure_reasoning", opts: optsO3, absent: []string{`"max_tokens"`}},
		{name: "azure_reasoning_both_max", opts: optsO3, dropped: []string{"max_tokens"}, absent: []string{`"max_tokens"`}},
		{name: "azure_reasoning_null_max", opts: optsO3, absent: []string{"null", `"max_tokens"`}},
		{name: "azure_reasoning_keeps_params", input: "azure_reasoning_drop_params", opts: optsO3},
		{name: "azure_reasoning_drop_params", opts: Options{Kind: OpenAI, Reasoning: true, DropParams: true},
			dropped: []string{"temperature", "top_p", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias"}},
		{name: "azure_non_reasoning_keeps_max_tokens", input: "azure_reasoning_both_max", opts: optsGPT4o},
		{name: "azure_thinking_effort", opts: optsO3, absent: []string{"thinking", "budget"}},
		{name: "azure_thinking_null_effort", opts: optsO3, absent: []string{"null", "thinking"}},
		{name: "azure_thinking_with_effort", opts: optsO3, dropped: []string{"thinking"}, absent: []string{"thinking"}},
		{name: "azure_thinking_not_reasoning", opts: optsGPT4o, dropped: []string{"thinking"}, absent: []string{"thinking", "reasoning_effort"}},
		{name: "azure_thinking_disabled", opts: optsO3, absent: []string{"thinking", "reasoning_effort"}},
		{name: "azure_ai_seed", opts: optsLlama, dropped: []string{"stream_options"}, streamOptionsDropped: true,
			absent: []string{"stream_options", "include_usage", "llama3"}},
		{name: "azure_ai_drop", opts: optsLlama,
			dropped: []string{"n", "logprobs", "user", "reasoning_effort", "thinking", "top_k"},
			absent:  []string{"max_completion_tokens", "sk-client", "evil", "top_k", "thinking", "reasoning", `"n"`, "logprobs", `"user":`}},
		{name: "azure_ai_pass_through", input: "azure_ai_drop",
			opts:   Options{Kind: AI, Model: "DeepSeek-R1", ExtraParameters: ExtraParametersPassThrough},
			absent: []string{"sk-client", "evil", `"deepseek"`}},
		{name: "azure_ai_error_mode", input: "azure_ai_drop",
			opts:   Options{Kind: AI, Model: "DeepSeek-R1", ExtraParameters: ExtraParametersError},
			absent: []string{"sk-client", "evil"}},
		{name: "azure_ai_pass_through_seed", input: "azure_ai_seed",
			opts: Options{Kind: AI, ExtraParameters: ExtraParametersPassThrough}, absent: []string{`"model"`}},
		{name: "azure_ai_both_max", opts: optsLlama, dropped: []string{"max_completion_tokens"}},
		{name: "azure_ai_null_max", opts: optsLlama, absent: []string{"null", "max_completion_tokens"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			input := tc.input
			if input == "" {
				input = tc.name
			}
			covered[input] = true
			raw, err := os.ReadFile(filepath.Join(requestDir, input+".json"))
			if err != nil {
				t.Fatal(err)
			}
			req, e := translate.DecodeChatRequest(raw)
			if e != nil {
				t.Fatal(e)
			}
			body, st, e := Request(req, &tc.opts)
			if e != nil {
				t.Fatalf("Request: %v", e)
			}
			if !json.Valid(body) {
				t.Fatalf("invalid JSON: %s", body)
			}
			// A body Azure reads as JSON must not have duplicate keys.
			if _, e := translate.SplitObject(body); e != nil {
				t.Fatalf("%v: %s", e, body)
			}
			translatetest.Compare(t, filepath.Join(requestDir, tc.name+".golden.json"), append(body, '\n'))
			if !slices.Equal(st.Dropped, tc.dropped) {
				t.Errorf("Dropped = %q, want %q", st.Dropped, tc.dropped)
			}
			if st.StreamOptionsDropped != tc.streamOptionsDropped {
				t.Errorf("StreamOptionsDropped = %v", st.StreamOptionsDropped)
			}
			if st.Model != req.Model || st.IncludeUsage != req.IncludeUsage {
				t.Errorf("state %+v", st)
			}
			for _, a := range tc.absent {
				if bytes.Contains(body, []byte(a)) {
					t.Errorf("body contains %q: %s", a, body)
				}
			}
			// Values are copied byte for byte: every member kept is
			// found in the body exactly as the client wrote it (a null
			// may give way to a renamed member).
			out, _ := translate.SplitObject(body)
			for _, m := range out {
				orig := req.Member(m.Key)
				if orig != nil && !jsonw.IsNull(orig) && m.Key != "model" && m.Key != "stop" && !bytes.Equal(orig, m.Value) {
					t.Errorf("%s: %s, client sent %s", m.Key, m.Value, orig)
				}
			}
		})
	}
	entries, _ := os.ReadDir(requestDir)
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok && !strings.HasSuffix(n, ".golden") && !covered[n] {
			t.Errorf("%s has no test case", e.Name())
		}
	}
}

func TestRequestInvalidThinking(t *testing.T) {
	req, e := translate.DecodeChatRequest([]byte(`{"model":"m","messages":[{"role":"user","content":"x"}],"thinking":{"type":"on"}}`))
	if e != nil {
		t.Fatal(e)
	}
	_, _, e = Request(req, &optsO3)
	if e == nil || e.Status != 400 || e.Param != "thinking.type" {
		t.Errorf("error %+v", e)
	}
}

func TestEffortForBudget(t *testing.T) {
	for budget, want := range map[int]string{0: "medium", -1: "medium", 1: "low", 1024: "low", 2047: "low",
		2048: "medium", 4095: "medium", 4096: "high", 100000: "high"} {
		if got := effortForBudget(budget); got != want {
			t.Errorf("effortForBudget(%d) = %q, want %q", budget, got, want)
		}
		// The effort found maps back to a budget no larger than asked.
		if b, _ := translate.ReasoningEffortBudget(effortForBudget(budget)); budget >= 1024 && b > budget {
			t.Errorf("budget %d → %s → %d", budget, want, b)
		}
	}
}

func TestReasoningDeployment(t *testing.T) {
	for name, want := range map[string]bool{
		"o1": true, "o1-mini": true, "o1-preview": true, "o3": true, "o3-mini": true, "O3-Pro": true,
		"o4-mini": true, "gpt-5": true, "gpt-5-mini": true, "gpt-5-nano": true, "gpt-5.1": true, "gpt-5-codex": true,
		"codex-mini": true, "codex-mini-latest": true, "o3_prod": true,
		"gpt-5-chat": false, "gpt-5-chat-latest": false, "gpt-4o": false, "gpt-4.1-mini": false, "o10": false,
		"o3x": false, "prod-o3": false, "gpt-50": false, "": false, "my-deployment": false, "gpt-35-turbo": false,
	} {
		if got := ReasoningDeployment(name); got != want {
			t.Errorf("ReasoningDeployment(%q) = %v", name, got)
		}
	}
}

func TestPassThrough(t *testing.T) {
	const body = `{"model":"embed","input":["a", "b"],"dimensions":256,"encoding_format":"base64","user":"u","input_type":"query","api_key":"sk-x","azure_ad_token":"t"}`
	members, e := translate.SplitObject([]byte(body))
	if e != nil {
		t.Fatal(e)
	}
	for _, tc := range []struct {
		name    string
		opts    Options
		want    string
		dropped []string
	}{
		{"azure", Options{Kind: OpenAI},
			`{"input":["a", "b"],"dimensions":256,"encoding_format":"base64","user":"u","input_type":"query"}`, nil},
		{"azure_ai drop", Options{Kind: AI, Model: "Cohere-embed-v3-english"},
			`{"model":"Cohere-embed-v3-english","input":["a", "b"],"dimensions":256,"encoding_format":"base64","input_type":"query"}`, []string{"user"}},
		{"azure_ai pass-through", Options{Kind: AI, ExtraParameters: ExtraParametersPassThrough},
			`{"input":["a", "b"],"dimensions":256,"encoding_format":"base64","user":"u","input_type":"query"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, dropped := PassThrough(members, &tc.opts)
			if string(got) != tc.want || !slices.Equal(dropped, tc.dropped) {
				t.Errorf("got %s dropped %q\nwant %s dropped %q", got, dropped, tc.want, tc.dropped)
			}
		})
	}
	// Images: model removed, prompt and the rest verbatim.
	members, _ = translate.SplitObject([]byte(`{"model":"dalle","prompt":"a cat","size":"1024x1024","n":1,"quality":"hd","base_url":"x"}`))
	got, _ := PassThrough(members, &Options{Kind: OpenAI})
	if want := `{"prompt":"a cat","size":"1024x1024","n":1,"quality":"hd"}`; string(got) != want {
		t.Errorf("images: %s", got)
	}
}

// BenchmarkRequest measures the pass-through rebuild of a typical request:
// bytes copied and allocations per request.
func BenchmarkRequest(b *testing.B) {
	msgs := strings.Repeat(`{"role":"user","content":"`+strings.Repeat("lorem ipsum ", 40)+`"},`, 8)
	body := []byte(`{"model":"gpt4o","messages":[` + msgs[:len(msgs)-1] + `],"stream":true,"stream_options":{"include_usage":true},"temperature":0.7,"max_tokens":512,"user":"u"}`)
	req, e := translate.DecodeChatRequest(body)
	if e != nil {
		b.Fatal(e)
	}
	for _, bc := range []struct {
		name string
		opts Options
	}{
		{"azure", optsGPT4o},
		{"azure_reasoning", optsO3},
		{"azure_ai_drop", optsLlama},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, _, e := Request(req, &bc.opts); e != nil {
					b.Fatal(e)
				}
			}
		})
	}
}

func TestReasoningEffortOnlyWhereItCanWork(t *testing.T) {
	req, err := translate.ParseChatRequest([]byte(`{"model":"a","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"low"}`))
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		deployment string
		kept       bool
	}{
		{"gpt-4o", false}, {"GPT-35-turbo", false}, {"gpt-5-chat", false},
		{"o3-mini", true}, {"gpt-5", true}, {"my-deployment", true},
	} {
		opts := &Options{Kind: OpenAI, Deployment: tc.deployment,
			Reasoning: ReasoningDeployment(tc.deployment), NonReasoning: NonReasoningDeployment(tc.deployment)}
		body, st, aerr := Request(req, opts)
		if aerr != nil {
			t.Fatal(aerr)
		}
		if kept := bytes.Contains(body, []byte(`"reasoning_effort":"low"`)); kept != tc.kept {
			t.Errorf("%d: %s: reasoning_effort kept=%v: %s", i, tc.deployment, kept, body)
		}
		if dropped := slices.Contains(st.Dropped, "reasoning_effort"); dropped == tc.kept {
			t.Errorf("%d: %s: dropped %v", i, tc.deployment, st.Dropped)
		}
	}
}
