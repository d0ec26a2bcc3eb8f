package familytest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// BodyCase is one request translated to a body and compared with its
// golden file.
type BodyCase struct {
	Name string
	// Family is the registered family that translates it.
	Family  string
	Opts    invoke.Options
	Dropped []string
	// Absent are substrings the body must not hold.
	Absent []string
	// Check, when set, checks the state further.
	Check func(t *testing.T, st *invoke.State)
}

// ChatGolden translates each testdata/request/<name>.json with its
// family's Chat and compares the body with <name>.golden.json, and checks
// that every request file has its case.
func ChatGolden(t *testing.T, cases []BodyCase) {
	bodyGolden(t, "request", cases, func(in []byte, f invoke.Family, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
		req, err := translate.ParseChatRequest(in)
		if err != nil {
			return nil, nil, err
		}
		body, st, err := f.Chat(req, opts)
		if err == nil && (st.Text || st.IncludeUsage != req.IncludeUsage) {
			t.Errorf("state %+v for a chat", st.Answering)
		}
		return body, st, err
	})
}

// TextGolden does the same for text completions, in testdata/text.
func TextGolden(t *testing.T, cases []BodyCase) {
	bodyGolden(t, "text", cases, func(in []byte, f invoke.Family, opts *invoke.Options) ([]byte, *invoke.State, *translate.Error) {
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

func bodyGolden(t *testing.T, dir string, cases []BodyCase, tr translateFunc) {
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", dir, tc.Name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			f := Family(t, tc.Family)
			body, st, terr := tr(in, f, &tc.Opts)
			if terr != nil {
				t.Fatalf("%s (param %s)", terr.Message, terr.Param)
			}
			if !json.Valid(body) {
				t.Fatalf("invalid JSON: %s", body)
			}
			translatetest.CompareJSON(t, filepath.Join("testdata", dir, tc.Name+".golden.json"), body)
			if !slices.Equal(st.Dropped, tc.Dropped) {
				t.Errorf("dropped %q, want %q", st.Dropped, tc.Dropped)
			}
			for _, s := range tc.Absent {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("body holds %q: %s", s, body)
				}
			}
			if tc.Check != nil {
				tc.Check(t, st)
			}
			again, _, _ := tr(in, f, &tc.Opts)
			if !bytes.Equal(body, again) {
				t.Error("a second translation differs")
			}
		})
	}
	translatetest.CheckCovered(t, filepath.Join("testdata", dir), covered)
}

// AnswerCase is one native answer read and written as OpenAI's.
type AnswerCase struct {
	Name string
	// Input is the answer's file, if not Name.
	Input string
	State invoke.State
}

// AnswerGolden reads each testdata/response/<input>.json as Bedrock
// answers it and compares the OpenAI answer with <name>.golden.json.
func AnswerGolden(t *testing.T, f invoke.Family, cases []AnswerCase) {
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			input := tc.Input
			if input == "" {
				input = tc.Name
			}
			body, err := os.ReadFile(filepath.Join("testdata", "response", input+".json"))
			if err != nil {
				t.Fatal(err)
			}
			st := tc.State
			var a translate.Answer
			if err := f.Answer(body, &st, &a); err != nil {
				t.Fatal(err.Message)
			}
			got := translate.AppendAnswer(nil, &a, &st.Answering, ID, Created)
			translatetest.CompareJSON(t, filepath.Join("testdata", "response", tc.Name+".golden.json"), got)
		})
	}
}
