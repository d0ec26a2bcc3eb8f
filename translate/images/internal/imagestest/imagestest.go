// Package imagestest holds what the tests of the image families share:
// translating a request through a family, and comparing with golden
// files. Only tests import it.
package imagestest

import (
	"path/filepath"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// PNG is a 1x1 PNG, base64-encoded, as Bedrock answers images.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

// Body translates the OpenAI request req through f for modelID.
func Body(t *testing.T, f images.Family, modelID, req string, drop bool) ([]byte, *translate.Error) {
	t.Helper()
	members, terr := translate.SplitObject([]byte(req))
	if terr != nil {
		t.Fatal(terr)
	}
	r, terr := images.ParseRequest(members)
	if terr != nil {
		t.Fatal(terr)
	}
	return f.Body(&r, &images.Options{ModelID: modelID, DropParams: drop})
}

// Case is one golden file, testdata/<dir>/<Name>.json, and what makes it.
type Case struct {
	Name string
	Make func(t *testing.T) []byte
}

// Golden compares each case with its file, and fails for files of dir
// that no case makes.
func Golden(t *testing.T, dir string, cases []Case) {
	t.Helper()
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			translatetest.CompareJSON(t, filepath.Join("testdata", dir, tc.Name+".json"), tc.Make(t))
		})
	}
	translatetest.CheckCovered(t, filepath.Join("testdata", dir), covered)
}

// RequestCase is a golden request body: req translated by f for modelID.
func RequestCase(name string, f images.Family, modelID, req string, drop bool) Case {
	return Case{Name: name, Make: func(t *testing.T) []byte {
		got, terr := Body(t, f, modelID, req, drop)
		if terr != nil {
			t.Fatal(terr)
		}
		return got
	}}
}

// AnswerCase is a golden answer: f's native answer body, as OpenAI's.
func AnswerCase(name string, f images.Family, body string) Case {
	return Case{Name: name, Make: func(t *testing.T) []byte {
		var a images.Answer
		if terr := f.Answer([]byte(body), &a); terr != nil {
			t.Fatal(terr)
		}
		return images.AppendAnswer(nil, 1700000000, &a)
	}}
}
