package amazon

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// answerSpace is what Titan puts around a chat answer: the prompt ends
// with "Bot:", and the model starts its turn with a space or a line
// break and often ends it with one. A chat answer is the text between;
// a text completion is kept as the model wrote it.
const answerSpace = " \t\r\n"

// Answer reads {"inputTextTokenCount","results":[{"tokenCount",
// "outputText","completionReason"}]}. Only the first result counts: the
// gateway asks for one.
func (Titan) Answer(body []byte, st *invoke.State, a *translate.Answer) *translate.Error {
	bad := unreadable("Titan answer")
	if !jsonw.Valid(body) {
		return bad
	}
	results, _ := jsonw.Lookup(body, "results")
	items, ok := jsonw.ArrayItems(results)
	if !ok {
		return bad
	}
	first, ok := items.Next()
	if !ok {
		return bad
	}
	text, _ := jsonw.Lookup(first, "outputText")
	if !jsonw.IsString(text) {
		return bad
	}
	a.Text = string(jsonw.AppendUnquoted(nil, text))
	if !st.Text {
		a.Text = strings.Trim(a.Text, answerSpace)
	}
	reason, _ := jsonw.Lookup(first, "completionReason")
	a.Finish = titanFinish(string(jsonw.AppendUnquoted(nil, reason)))

	var ok1, ok2 bool
	a.Usage.PromptTokens, ok1 = optionalCount(body, "inputTextTokenCount")
	a.Usage.CompletionTokens, ok2 = optionalCount(first, "tokenCount")
	if !ok1 || !ok2 {
		return bad
	}
	return nil
}

// optionalCount reads the token count key of obj: 0 when it is absent
// or null, not ok when it is anything but a count.
func optionalCount(obj []byte, key string) (int, bool) {
	v, ok := jsonw.Lookup(obj, key)
	if !ok || jsonw.IsNull(v) {
		return 0, true
	}
	return jsonw.Count(v)
}

// titanFinish maps a completionReason to a finish_reason. AWS lists
// FINISHED, LENGTH, STOP_CRITERIA_MET, RAG_QUERY_WHEN_RAG_DISABLED and
// CONTENT_FILTERED; the models answer FINISH for FINISHED. Anything else
// ended the answer some other ordinary way.
func titanFinish(reason string) string {
	switch reason {
	case "LENGTH":
		return "length"
	case "CONTENT_FILTERED":
		return "content_filter"
	}
	return "stop"
}
