package ai21

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

const (
	responseDir = "testdata/response"
	testID      = "chatcmpl-test"
	testCreated = 1700000000
)

// answerCase is how a native answer in testdata/response is read.
type answerCase struct {
	name   string
	family invoke.Family
	text   bool     // a text completion
	j2     *j2State // Jurassic-2's state
}

var answerCases = []answerCase{
	{name: "jamba_answer", family: Jamba{}},
	{name: "jamba_length", family: Jamba{}},
	{name: "jamba_tool_calls", family: Jamba{}},
	{name: "jamba_tool_calls_stop", family: Jamba{}},
	{name: "jamba_text", family: Jamba{}, text: true},
	{name: "jamba_no_usage", family: Jamba{}},
	{name: "j2_answer", family: J2{}, j2: &j2State{chat: true}},
	{name: "j2_length", family: J2{}, j2: &j2State{chat: true}},
	{name: "j2_stop", family: J2{}, j2: &j2State{chat: true}},
	{name: "j2_prefill", family: J2{}, j2: &j2State{chat: true, prefill: true}},
	{name: "j2_text", family: J2{}, text: true, j2: &j2State{}},
}

func (c answerCase) state() *invoke.State {
	st := &invoke.State{Answering: translate.Answering{Alias: "ai21-alias", Text: c.text}}
	if c.j2 != nil {
		st.Family = c.j2
	}
	return st
}

// TestAnswerGolden reads testdata/response/<name>.json and compares the
// OpenAI answer written from it with <name>.golden.json.
func TestAnswerGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range answerCases {
		covered[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(responseDir, c.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := c.state()
			var a translate.Answer
			if err := c.family.Answer(body, st, &a); err != nil {
				t.Fatal(err)
			}
			out := translate.AppendAnswer(nil, &a, &st.Answering, testID, testCreated)
			translatetest.CompareJSON(t, filepath.Join(responseDir, c.name+".golden.json"), out)
		})
	}
	translatetest.CheckCovered(t, responseDir, covered)
}

func TestAnswerUnreadable(t *testing.T) {
	for i, tc := range []struct {
		family invoke.Family
		body   string
	}{
		{Jamba{}, `not json`},
		{Jamba{}, `{}`},
		{Jamba{}, `{"choices":[]}`},
		{Jamba{}, `{"choices":"x"}`},
		{Jamba{}, `{"choices":[{"message":{"content":7}}]}`},
		{Jamba{}, `{"choices":[{"message":{"tool_calls":{}}}]}`},
		{J2{}, `not json`},
		{J2{}, `{}`},
		{J2{}, `{"completions":[]}`},
		{J2{}, `{"completions":{}}`},
		{J2{}, `{"completions":[{"data":{}}]}`},
		{J2{}, `{"completions":[{"data":{"text":1}}]}`},
		{J2{}, `{"completions":[{"data":{"text":"x"}}]`},
	} {
		var a translate.Answer
		err := tc.family.Answer([]byte(tc.body), &invoke.State{}, &a)
		if err == nil || err.Status != http.StatusBadGateway || err.Kind != translate.FailUnavailable || !strings.Contains(err.Message, "the gateway cannot read") {
			t.Errorf("%d: %s: %+v", i, tc.body, err)
		}
	}
}

// TestFinish maps every reason each family documents, and one it does not.
func TestFinish(t *testing.T) {
	for _, tc := range []struct {
		reason string
		tools  bool
		want   string
	}{
		{"stop", false, "stop"},
		{"stop", true, "tool_calls"},
		{"length", false, "length"},
		{"length", true, "length"},
		{"tool_calls", true, "tool_calls"},
		{"content_filter", false, "content_filter"},
		{"", false, "stop"},
		{"something_new", false, "stop"},
	} {
		if got := jambaFinish(tc.reason, tc.tools); got != tc.want {
			t.Errorf("jambaFinish(%q, %v) = %q, want %q", tc.reason, tc.tools, got, tc.want)
		}
	}
	for reason, want := range map[string]string{"endoftext": "stop", "stop": "stop", "length": "length", "": "stop", "new": "stop"} {
		if got := j2Finish(reason); got != want {
			t.Errorf("j2Finish(%q) = %q, want %q", reason, got, want)
		}
	}
}
