// Package embedtest runs the golden tests every embeddings family shares:
// OpenAI requests translated into the bodies of their calls, and
// upstream answers into OpenAI lists.
package embedtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

// Parse reads an OpenAI request and checks it against f, as the gateway
// does before its calls.
func Parse(tb testing.TB, f embeddings.Family, body []byte, o *embeddings.Options) (*embeddings.Request, *translate.Error) {
	tb.Helper()
	members, err := translate.SplitObject(body)
	if err != nil {
		return nil, err
	}
	req, err := embeddings.Parse(members, f.Name(), o.DropParams)
	if err != nil {
		return nil, err
	}
	if _, err := f.Check(req, o); err != nil {
		return nil, err
	}
	return req, nil
}

// Bodies are the bodies of a request's calls, as one JSON array.
func Bodies(f embeddings.Family, req *embeddings.Request, o *embeddings.Options) []byte {
	out := []byte{'['}
	for i, s := range embeddings.Plan(f, req.Inputs) {
		if i > 0 {
			out = append(out, ',')
		}
		out = f.Body(out, req, o, req.Inputs[s.Lo:s.Hi])
	}
	return append(out, ']')
}

// Requests compares, for each case, the bodies made from
// dir/<name>.json with dir/<name>.golden.json; for a name starting with
// error_, the status and error.
func Requests(t *testing.T, f embeddings.Family, dir string, cases map[string]embeddings.Options) {
	each(t, dir, cases, func(t *testing.T, in []byte, o embeddings.Options) ([]byte, *translate.Error) {
		req, err := Parse(t, f, in, &o)
		if err != nil {
			return fmt.Appendf(nil, `{"status":%d,%s`, err.Status, err.AppendJSON(nil)[1:]), err
		}
		return Bodies(f, req, &o), nil
	})
}

// Answers compares, for each case, the OpenAI list made from the answer
// dir/<name>.json to a call of n inputs with dir/<name>.golden.json (with
// the tokens the answer counts, or -1).
func Answers(t *testing.T, f embeddings.Family, dir string, cases map[string]int) {
	each(t, dir, cases, func(t *testing.T, raw []byte, n int) ([]byte, *translate.Error) {
		req := &embeddings.Request{Inputs: make([]embeddings.Input, n)}
		vecs, tokens, err := f.Answer(raw, req, n, nil)
		if err != nil {
			return err.AppendJSON(nil), err
		}
		out, err := embeddings.AppendList(nil, vecs, false, "embed", tokens)
		if err != nil {
			t.Fatal(err)
		}
		return out, nil
	})
}

// each runs run on dir/<name>.json of every case and compares what it
// makes with dir/<name>.golden.json; run fails exactly for the names
// starting with error_.
func each[C any](t *testing.T, dir string, cases map[string]C, run func(*testing.T, []byte, C) ([]byte, *translate.Error)) {
	covered := make(map[string]bool)
	for name, c := range cases {
		covered[name] = true
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			got, terr := run(t, in, c)
			if wantErr := strings.HasPrefix(name, "error_"); wantErr != (terr != nil) {
				t.Fatalf("error %v, want one: %v", terr, wantErr)
			}
			translatetest.CompareJSON(t, filepath.Join(dir, name+".golden.json"), got)
		})
	}
	translatetest.CheckCovered(t, dir, covered)
}
