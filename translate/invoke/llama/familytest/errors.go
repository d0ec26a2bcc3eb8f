package familytest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// ErrorCase is a request a family refuses.
type ErrorCase struct {
	Body string
	// Text: the body is a text completion's.
	Text  bool
	Param string
	Code  string
	// Msg is a substring of the message.
	Msg string
}

// CheckErrors checks that f answers each case with a 400 naming its
// parameter, and with neither a body nor a state.
func CheckErrors(t *testing.T, f invoke.Family, opts invoke.Options, cases []ErrorCase) {
	t.Helper()
	for i, tc := range cases {
		body, st, err := Build(t, f, []byte(tc.Body), tc.Text, &opts)
		if err == nil {
			t.Errorf("%d: no error; body %s", i, body)
			continue
		}
		if body != nil || st != nil {
			t.Errorf("%d: an error with a body or a state", i)
		}
		if err.Status != http.StatusBadRequest || err.Param != tc.Param || err.Code != tc.Code || !strings.Contains(err.Message, tc.Msg) {
			t.Errorf("%d: %d param=%q code=%q %q\nwant 400 param=%q code=%q containing %q",
				i, err.Status, err.Param, err.Code, err.Message, tc.Param, tc.Code, tc.Msg)
		}
	}
}

// CheckUnreadable checks that f answers each body with a 502 that another
// deployment may not repeat, never with an empty answer passed off as the
// model's.
func CheckUnreadable(t *testing.T, f invoke.Family, st *invoke.State, bodies []string) {
	t.Helper()
	for _, body := range bodies {
		var a translate.Answer
		err := f.Answer([]byte(body), st, &a)
		if err == nil || err.Status != http.StatusBadGateway || err.Kind != translate.FailUnavailable ||
			!strings.Contains(err.Message, "unreadable response") {
			t.Errorf("%s: %+v", body, err)
		}
	}
}
