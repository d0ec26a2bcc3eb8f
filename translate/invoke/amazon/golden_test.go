package amazon

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// The golden tests read a request, answer or stream under
// testdata/<family>/ and compare what the family makes of it with the
// .golden file beside it. go test -run Golden -update rewrites them;
// review the diff. Names starting with error_ are expected to fail, and
// their golden file holds the status and the OpenAI error.

const (
	testID      = "chatcmpl-test"
	testCreated = 1735689600
)

// requestCase is one request file.
type requestCase struct {
	name string
	opts invoke.Options
	// dropped is what the family must list in State.Dropped.
	dropped []string
}

// chat reports whether the file is a chat request rather than a text
// completion, by its name.
func (c requestCase) chat() bool {
	return !strings.HasPrefix(strings.TrimPrefix(c.name, "error_"), "text_")
}

// build translates the request file with f.
func (c requestCase) build(t testing.TB, f invoke.Family, dir string) ([]byte, *invoke.State, *translate.Error) {
	t.Helper()
	in, err := os.ReadFile(filepath.Join(dir, c.name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	opts := c.opts
	if c.chat() {
		req, perr := translate.ParseChatRequest(in)
		if perr != nil {
			return nil, nil, perr
		}
		return f.Chat(req, &opts)
	}
	req, perr := translate.ParseTextRequest(in)
	if perr != nil {
		return nil, nil, perr
	}
	return f.Text(req, &opts)
}

func runRequestGolden(t *testing.T, f invoke.Family, dir string, cases []requestCase) {
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			body, st, err := c.build(t, f, dir)
			golden := filepath.Join(dir, c.name+".golden.json")
			if strings.HasPrefix(c.name, "error_") {
				if err == nil {
					t.Fatalf("no error; body %s", body)
				}
				translatetest.CompareJSON(t, golden, errorJSON(err))
				return
			}
			if err != nil {
				t.Fatalf("%d %s (param %s)", err.Status, err.Message, err.Param)
			}
			translatetest.CompareJSON(t, golden, body)
			if !slices.Equal(st.Dropped, c.dropped) {
				t.Errorf("dropped %q, want %q", st.Dropped, c.dropped)
			}
			if st.Text == c.chat() {
				t.Errorf("Answering.Text = %v for a %s request", st.Text, map[bool]string{true: "chat", false: "text"}[c.chat()])
			}
		})
	}
	translatetest.CheckCovered(t, dir, covered)
}

// errorJSON is the golden form of an error: its status and its body.
func errorJSON(e *translate.Error) []byte {
	return append(e.AppendJSON(fmt.Appendf(nil, `{"status":%d,"kind":%d,"body":`, e.Status, e.Kind)), '}')
}

// answerCase is one native answer file, read with the State st.
type answerCase struct {
	name string
	st   invoke.State
}

func runAnswerGolden(t *testing.T, f invoke.Family, dir string, cases []answerCase) {
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(dir, c.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(dir, c.name+".golden.json")
			var a translate.Answer
			st := c.st
			st.Alias = "amazon-test"
			if e := f.Answer(body, &st, &a); e != nil {
				if !strings.HasPrefix(c.name, "error_") {
					t.Fatalf("%d %s", e.Status, e.Message)
				}
				translatetest.CompareJSON(t, golden, errorJSON(e))
				return
			}
			if strings.HasPrefix(c.name, "error_") {
				t.Fatalf("no error: %+v", a)
			}
			translatetest.CompareJSON(t, golden, translate.AppendAnswer(nil, &a, &st.Answering, testID, testCreated))
		})
	}
	translatetest.CheckCovered(t, dir, covered)
}

// encodeFrames encodes the recorded stream in the file at path, a
// <name>.frames.json, as it travels on the wire, padded as AWS pads it.
func encodeFrames(t testing.TB, path string) []byte {
	t.Helper()
	return translatetest.EncodeEvents(t, translatetest.LoadEvents(t, path), translatetest.Padding)
}

// streamCase is one recorded stream, read with the State st.
type streamCase struct {
	name string
	st   invoke.State
}

func (c streamCase) stream(f invoke.Family) *invoke.Stream {
	st := c.st
	st.Alias = "amazon-test"
	s := invoke.NewStream(f, &st, testID, testCreated)
	s.Upstream.Account = "prod"
	return s
}

func runStreamGolden(t *testing.T, f invoke.Family, dir string, cases []streamCase) {
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.name+".frames.json"] = true
		t.Run(c.name, func(t *testing.T) {
			translatetest.CheckStreamGolden(t, encodeFrames(t, filepath.Join(dir, c.name+".frames.json")),
				filepath.Join(dir, c.name+".golden.sse"), func() translatetest.Transcoder { return c.stream(f) })
		})
	}
	checkCovered(t, dir, ".frames.json", covered)
}

// checkCovered fails for the recorded streams (<name><suffix>) in dir no
// case reads, so that none is forgotten; translatetest.CheckCovered is
// for directories of <name>.json and <name>.golden.json.
func checkCovered(t *testing.T, dir, suffix string, covered map[string]bool) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, suffix) && !strings.HasSuffix(n, ".golden.json") && !covered[n] {
			t.Errorf("%s has no test case", filepath.Join(dir, n))
		}
	}
}
