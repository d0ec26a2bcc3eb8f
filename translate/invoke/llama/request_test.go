package llama

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Model IDs of the supported models table, and an imported model's ARN.
const (
	llama3_8b    = "meta.llama3-8b-instruct-v1:0"
	llama3_70b   = "meta.llama3-70b-instruct-v1:0"
	llama31_8b   = "meta.llama3-1-8b-instruct-v1:0"
	llama31_70b  = "meta.llama3-1-70b-instruct-v1:0"
	llama31_405b = "meta.llama3-1-405b-instruct-v1:0"
	llama2_13b   = "meta.llama2-13b-chat-v1"
	llama2_70b   = "meta.llama2-70b-chat-v1"
	llama32_90b  = "us.meta.llama3-2-90b-instruct-v1:0"
	llama33_70b  = "us.meta.llama3-3-70b-instruct-v1:0"
	llama4Scout  = "us.meta.llama4-scout-17b-instruct-v1:0"
	importedARN  = "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcd1234efgh"
)

// family returns a registered family, as a line names it.
func family(t testing.TB, name string) invoke.Family {
	t.Helper()
	f, ok := invoke.ByName(name)
	if !ok {
		t.Fatalf("family %q is not registered", name)
	}
	return f
}

// bodyCase is one request translated to a body and compared with its
// golden file.
type bodyCase struct {
	name    string
	family  string // "llama" unless set
	opts    invoke.Options
	dropped []string
	// absent are substrings the body must not hold.
	absent []string
}

func (c bodyCase) familyName() string {
	if c.family != "" {
		return c.family
	}
	return "llama"
}

// TestChatGolden translates testdata/request/<name>.json and compares the
// body with <name>.golden.json; -update rewrites the golden files.
func TestChatGolden(t *testing.T) {
	cases := []bodyCase{
		{name: "plain", opts: invoke.Options{ModelID: llama3_8b}},
		{name: "system", opts: invoke.Options{ModelID: llama3_70b}},
		{name: "multi_turn", opts: invoke.Options{ModelID: llama31_70b}},
		{name: "params", opts: invoke.Options{ModelID: llama31_8b}, absent: []string{"stream", "include_usage"}},
		{name: "max_completion_tokens", opts: invoke.Options{ModelID: llama31_405b}, absent: []string{"100,"}},
		{name: "llama2_system", opts: invoke.Options{ModelID: llama2_13b}, absent: []string{"start_header_id"}},
		{name: "llama2_multi_turn", opts: invoke.Options{ModelID: llama2_70b}},
		{name: "llama2_assistant_first", family: "llama2", opts: invoke.Options{ModelID: importedARN, UserContinueMessage: "Please continue."}},
		{name: "llama2_assistant_first_unset", family: "llama2", opts: invoke.Options{ModelID: importedARN}},
		{name: "llama2_prefill", opts: invoke.Options{ModelID: llama2_13b}},
		{name: "llama4", opts: invoke.Options{ModelID: llama4Scout}, absent: []string{"start_header_id", "eot_id"}},
		{name: "imported", opts: invoke.Options{ModelID: importedARN}},
		{name: "prefill", opts: invoke.Options{ModelID: llama3_8b}},
		{name: "parts_and_merging", opts: invoke.Options{ModelID: llama3_8b}},
		{name: "mid_system", opts: invoke.Options{ModelID: llama3_8b}},
		{name: "drop_params", opts: invoke.Options{ModelID: llama32_90b, DropParams: true},
			dropped: []string{"messages[0].content[1]", "messages[1].tool_calls", "messages[2]", "tools", "tool_choice",
				"response_format", "stop", "n", "logprobs", "top_logprobs", "logit_bias", "presence_penalty",
				"frequency_penalty", "seed", "modalities", "audio", "prediction", "service_tier", "web_search_options",
				"functions", "function_call", "verbosity", "max_gen_len", "prompt"},
			absent: []string{"iVBOR", "lookup", "a cat", "injected", "\"stop\"", "alloy", "seed"}},
		{name: "thinking", opts: invoke.Options{ModelID: llama33_70b}, dropped: []string{"thinking", "reasoning_effort"},
			absent: []string{"thinking", "budget", "reasoning"}},
		{name: "extras_and_ignored", opts: invoke.Options{ModelID: llama3_8b}, absent: []string{
			"user-1234", "metadata", "ops", "store", "parallel", "safety", "prompt_cache", "tools", "tool_choice",
			"response_format", "\"n\"", "logprobs", "penalty", "modalities", "stop", "temperature", "seed",
			"api_key", "sk-client", "aws", "eu-west-1", "X-Evil", "drop_params", "mocked"}},
	}
	runBodyGolden(t, "request", cases, func(in []byte, f invoke.Family, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
		req, err := translate.ParseChatRequest(in)
		if err != nil {
			return nil, nil, err
		}
		body, st, err := f.Chat(req, opts)
		if err == nil && st.IncludeUsage != req.IncludeUsage || st != nil && st.Text {
			t.Errorf("state %+v for a chat", st.Answering)
		}
		return body, st, err
	})
}

// TestTextGolden does the same for text completions, in testdata/text.
func TestTextGolden(t *testing.T) {
	cases := []bodyCase{
		{name: "plain", opts: invoke.Options{ModelID: llama3_8b}, absent: []string{"user-1234", "stream"}},
		{name: "drop_params", opts: invoke.Options{ModelID: llama2_13b, DropParams: true},
			dropped: []string{"stop", "suffix", "logprobs", "n", "seed"}, absent: []string{"INST", "that is all"}},
	}
	runBodyGolden(t, "text", cases, func(in []byte, f invoke.Family, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
		req, err := translate.ParseTextRequest(in)
		if err != nil {
			return nil, nil, err
		}
		body, st, err := f.Text(req, opts)
		if err == nil && (!st.Text || st.IncludeUsage != req.IncludeUsage) {
			t.Errorf("state %+v for a text completion", st.Answering)
		}
		return body, st, err
	})
}

type translateFunc func(in []byte, f invoke.Family, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error)

func runBodyGolden(t *testing.T, dir string, cases []bodyCase, tr translateFunc) {
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", dir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			f := family(t, tc.familyName())
			body, st, terr := tr(in, f, &tc.opts)
			if terr != nil {
				t.Fatalf("%s (param %s)", terr.Message, terr.Param)
			}
			if !json.Valid(body) {
				t.Fatalf("invalid JSON: %s", body)
			}
			translatetest.CompareJSON(t, filepath.Join("testdata", dir, tc.name+".golden.json"), body)
			if !slices.Equal(st.Dropped, tc.dropped) {
				t.Errorf("dropped %q, want %q", st.Dropped, tc.dropped)
			}
			for _, s := range tc.absent {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("body holds %q: %s", s, body)
				}
			}
			again, _, _ := tr(in, f, &tc.opts)
			if !bytes.Equal(body, again) {
				t.Error("a second translation differs")
			}
		})
	}
	// Every file in testdata has its case, so none is skipped silently.
	files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		if !covered[strings.TrimSuffix(name, ".golden")] {
			t.Errorf("%s has no test case", path)
		}
	}
}
