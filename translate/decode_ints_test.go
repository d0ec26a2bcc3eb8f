package translate

import (
	"net/http"
	"strings"
	"testing"
)

// TestIntegerRanges: ParseChatRequest, which every route runs, refuses
// integers outside their range with a 400 naming the parameter and the
// range, and accepts the ends of each range.
func TestIntegerRanges(t *testing.T) {
	const msgs = `"model":"m","messages":[{"role":"user","content":"x"}]`
	long := strings.Repeat("9", 1000)
	for i, tc := range []struct {
		member string
		param  string // "" when the request is accepted
		msg    string // substring
	}{
		{member: `"max_tokens":0`},
		{member: `"max_tokens":100000000`},
		{member: `"max_tokens":-0`},
		{member: `"max_tokens":null`},
		{member: `"max_tokens":100000001`, param: "max_tokens", msg: "invalid value for 'max_tokens': expected an integer between 0 and 100000000, got 100000001"},
		{member: `"max_tokens":9223372036854775807`, param: "max_tokens", msg: "between 0 and 100000000, got 9223372036854775807"},
		{member: `"max_tokens":9223372036854775808`, param: "max_tokens", msg: "between 0 and 100000000"},
		{member: `"max_tokens":-9223372036854775809`, param: "max_tokens", msg: "between 0 and 100000000"},
		{member: `"max_tokens":` + long, param: "max_tokens", msg: "got " + long[:32] + "…"},
		{member: `"max_tokens":10.0`, param: "max_tokens", msg: "expected an integer, got 10.0"},
		{member: `"max_tokens":1E3`, param: "max_tokens", msg: "expected an integer, got 1E3"},
		{member: `"max_tokens":true`, param: "max_tokens", msg: "expected an integer, got boolean"},
		{member: `"max_tokens":[1]`, param: "max_tokens", msg: "expected an integer, got array"},
		{member: `"max_completion_tokens":100000000`},
		{member: `"max_completion_tokens":18446744073709551616`, param: "max_completion_tokens", msg: "between 0 and 100000000"},
		{member: `"thinking":{"type":"enabled","budget_tokens":100000000}`},
		{member: `"thinking":{"type":"enabled","budget_tokens":null}`},
		{member: `"thinking":{"type":"enabled","budget_tokens":9223372036854775000}`, param: "thinking.budget_tokens",
			msg: "invalid value for 'thinking.budget_tokens': expected an integer between 0 and 100000000, got 9223372036854775000"},
		{member: `"thinking":{"type":"enabled","budget_tokens":-2048}`, param: "thinking.budget_tokens", msg: "between 0 and 100000000, got -2048"},
		{member: `"thinking":{"type":"disabled","budget_tokens":2.5e3}`, param: "thinking.budget_tokens", msg: "expected an integer, got 2.5e3"},
		{member: `"n":1`},
		{member: `"n":128`},
		{member: `"n":0`, param: "n", msg: "invalid value for 'n': expected an integer between 1 and 128, got 0"},
		{member: `"n":129`, param: "n", msg: "between 1 and 128, got 129"},
		{member: `"n":1.0`, param: "n", msg: "expected an integer, got 1.0"},
		{member: `"n":"2"`, param: "n", msg: "expected an integer, got string"},
		{member: `"top_logprobs":0`},
		{member: `"top_logprobs":20`},
		{member: `"top_logprobs":21`, param: "top_logprobs", msg: "invalid value for 'top_logprobs': expected an integer between 0 and 20, got 21"},
		{member: `"top_logprobs":-1`, param: "top_logprobs", msg: "between 0 and 20, got -1"},
		// top_k is no OpenAI parameter: pass-through routes forward it to
		// the model as it is (Bedrock checks it in ToConverse).
		{member: `"top_k":-1`},
	} {
		req, err := ParseChatRequest([]byte(`{` + msgs + `,` + tc.member + `}`))
		if tc.param == "" {
			if err != nil {
				t.Errorf("%d: %s refused: %v", i, tc.member, err)
			} else if _, _, aerr := ToAzure(req, &azureO3); aerr != nil {
				t.Errorf("%d: %s refused by ToAzure: %v", i, tc.member, aerr)
			}
			continue
		}
		if err == nil {
			t.Errorf("%d: %s accepted", i, tc.member)
			continue
		}
		if err.Status != http.StatusBadRequest || err.Type != ErrInvalidRequest || err.Param != tc.param || !strings.Contains(err.Message, tc.msg) {
			t.Errorf("%d: got %d %s param=%q %q\nwant param=%q containing %q", i, err.Status, err.Type, err.Param, err.Message, tc.param, tc.msg)
		}
	}
}

func TestParseIntNeverOverflows(t *testing.T) {
	for i, tc := range []struct {
		raw    string
		lo, hi int
		want   int
		ok     bool
	}{
		{"0", 0, 10, 0, true},
		{"10", 0, 10, 10, true},
		{"-1", -1, 10, -1, true},
		{"11", 0, 10, 0, false},
		{"99999999999999999999999999999", 0, MaxTokenCount, 0, false},
		{"-99999999999999999999999999999", -5, 5, 0, false},
		{"100000000", 0, MaxTokenCount, MaxTokenCount, true},
		{"100000001", 0, MaxTokenCount, 0, false},
	} {
		got, err := parseInt([]byte(tc.raw), "p", tc.lo, tc.hi)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%d: parseInt(%s, %d, %d) = %d, %v", i, tc.raw, tc.lo, tc.hi, got, err)
		}
	}
}
