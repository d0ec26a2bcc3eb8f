package images

import (
	"encoding/json"
	"testing"
)

func TestAppendAnswer(t *testing.T) {
	a := Answer{Images: [][]byte{[]byte(`"aGVsbG8="`), []byte(`"d29ybGQ\/"`)}}
	out := AppendAnswer(nil, 1700000000, &a)
	want := `{"created":1700000000,"data":[{"b64_json":"aGVsbG8="},{"b64_json":"d29ybGQ\/"}]}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	if !json.Valid(out) || len(out) > AnswerSize(&a) {
		t.Errorf("invalid, or longer (%d) than its size (%d)", len(out), AnswerSize(&a))
	}
}

func TestAnswerCheck(t *testing.T) {
	for i, tc := range []struct {
		a            Answer
		status       int
		code, reason string
	}{
		{Answer{Images: [][]byte{[]byte(`"x"`)}, Filtered: 1}, 0, "", ""},
		{Answer{Filtered: 1}, 400, "content_policy_violation", ""},
		{Answer{Reason: "All of the generated images have been blocked by our content filters."}, 400, "content_policy_violation", "blocked"},
		{Answer{}, 502, "", ""},
	} {
		e := tc.a.Check("Model X")
		switch {
		case tc.status == 0 && e != nil:
			t.Errorf("%d: %v", i, e)
		case tc.status != 0 && (e == nil || e.Status != tc.status || e.Code != tc.code):
			t.Errorf("%d: %+v", i, e)
		}
	}
}
