package amazon

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

func TestTitanAnswerGolden(t *testing.T) {
	chat := invoke.State{}
	runAnswerGolden(t, Titan{}, titanResponses, []answerCase{
		{name: "finish", st: chat},
		{name: "length", st: chat},
		{name: "stop_criteria", st: chat},
		{name: "content_filtered", st: chat},
		{name: "text_completion", st: invoke.State{Answering: translate.Answering{Text: true}}},
		{name: "error_not_json", st: chat},
		{name: "error_no_results", st: chat},
		{name: "error_output_not_text", st: chat},
		{name: "error_bad_count", st: chat},
	})
}

func TestTitanFinish(t *testing.T) {
	for reason, want := range map[string]string{
		"FINISH":                      "stop",
		"FINISHED":                    "stop",
		"STOP_CRITERIA_MET":           "stop",
		"RAG_QUERY_WHEN_RAG_DISABLED": "stop",
		"LENGTH":                      "length",
		"CONTENT_FILTERED":            "content_filter",
		"":                            "stop",
		"length":                      "stop", // Bedrock's values are upper case; no guessing
	} {
		if got := titanFinish(reason); got != want {
			t.Errorf("titanFinish(%q) = %q, want %q", reason, got, want)
		}
	}
}
