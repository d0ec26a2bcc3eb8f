package embeddings

import (
	"bytes"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/textw"
)

// FuzzParse feeds the request parser arbitrary bodies: it must never
// panic, refuse with a 400 naming a parameter when the fault is a
// member's, and accept only inputs the families can write back as JSON.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"model":"m","input":"hello"}`,
		`{"input":["a","b"],"encoding_format":"base64","dimensions":256}`,
		`{"input":[[1,2,3],[4]]}`,
		`{"input":[101,202,303]}`,
		`{"input":[{"image":"data:image/png;base64,iVBORw0KGgo=","text":"a dot"}]}`,
		`{"input":["data:image/jpeg;base64,/9j/4AAQ"],"input_type":"search_query","truncate":"END"}`,
		`{"input":"x","normalize":true,"embedding_types":["int8"],"user":"u"}`,
		`{"input":["\u0000\ud800", "data:image\/webp;base64,UklGRg=="]}`,
		`{"input":[{"image":"R0lGODlh"}], "extra": {"nested": [1, 2]}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		members, terr := translate.SplitObject(body)
		if terr != nil {
			return
		}
		for _, drop := range []bool{false, true} {
			req, err := Parse(members, "M", drop)
			if err != nil {
				if err.Status != 400 || err.Type != translate.ErrInvalidRequest {
					t.Fatalf("error %+v", err)
				}
				continue
			}
			if len(req.Inputs) == 0 || len(req.Inputs) > MaxInputs {
				t.Fatalf("%d inputs", len(req.Inputs))
			}
			for i, in := range req.Inputs {
				if in.Text != nil && (!jsonw.Valid(in.Text) || !jsonw.IsString(in.Text)) {
					t.Fatalf("input %d text %q", i, in.Text)
				}
				if in.Kind == KindImage && (in.Format == "" || !textw.ValidBase64(in.Data) || bytes.ContainsAny(in.Data, `"\`)) {
					t.Fatalf("input %d image %q %q", i, in.Format, in.Data)
				}
			}
		}
	})
}
