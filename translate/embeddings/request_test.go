package embeddings

import (
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func parse(t testing.TB, body string, drop bool) (*Request, *translate.Error) {
	t.Helper()
	members, err := translate.SplitObject([]byte(body))
	if err != nil {
		return nil, err
	}
	return Parse(members, "M", drop)
}

func TestParse(t *testing.T) {
	const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
	for i, tc := range []struct {
		body   string
		kinds  string // one letter per input: t text, i image, k tokens
		single bool
		check  func(r *Request) bool
	}{
		{`{"input":"hello"}`, "t", true, func(r *Request) bool { return string(r.Inputs[0].Text) == `"hello"` && !r.Base64 }},
		{`{"input":["a","b\n"],"encoding_format":"base64"}`, "tt", false, func(r *Request) bool { return r.Base64 && string(r.Inputs[1].Text) == `"b\n"` }},
		{`{"input":[1,2,3]}`, "k", true, nil},
		{`{"input":[[1,2],[3]]}`, "kk", false, nil},
		{`{"input":["data:image/png;base64,` + png + `"]}`, "i", false, func(r *Request) bool { return r.Inputs[0].Format == "png" && string(r.Inputs[0].Data) == png }},
		{`{"input":[{"image":"` + png + `","text":"dot"}]}`, "i", false, func(r *Request) bool { return string(r.Inputs[0].Text) == `"dot"` }},
		{`{"input":["data:image\/jpg;base64,/9j/"]}`, "i", false, func(r *Request) bool { return r.Inputs[0].Format == "jpeg" }},
		// Media types in any case, with parameters.
		{`{"input":["DATA:image/PNG;charset=binary;BASE64,` + png + `"]}`, "i", false, func(r *Request) bool { return r.Inputs[0].Format == "png" && string(r.Inputs[0].Data) == png }},
		{`{"input":"data: is a word"}`, "t", true, nil},
		{`{"input":"x","dimensions":256,"normalize":false,"input_type":"search_query","truncate":"END","embedding_types":["int8"],"user":"u","api_key":"sk-x"}`, "t", true,
			func(r *Request) bool {
				return r.Dimensions == 256 && r.Normalize == False && r.InputType == "search_query" && r.Truncate == "END" && r.EmbeddingTypes[0] == "int8"
			}},
		{`{"input":"x","dimensions":null,"encoding_format":null}`, "t", true, nil},
	} {
		r, err := parse(t, tc.body, false)
		if err != nil {
			t.Errorf("%d: %v", i, err)
			continue
		}
		var kinds strings.Builder
		for _, in := range r.Inputs {
			kinds.WriteByte("tik"[in.Kind])
		}
		if kinds.String() != tc.kinds || r.Single != tc.single || (tc.check != nil && !tc.check(r)) {
			t.Errorf("%d: kinds %s single %v %+v", i, kinds.String(), r.Single, r)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for i, tc := range []struct {
		body, param, message string
	}{
		{`{"model":"m"}`, "input", "you must provide an input"},
		{`{"input":null}`, "input", "you must provide an input"},
		{`{"input":3}`, "input", "expected a string or an array"},
		{`{"input":[]}`, "input", "empty array"},
		{`{"input":""}`, "input", "empty string"},
		{`{"input":["a",true]}`, "input[1]", "expected a string, an array of token IDs"},
		{`{"input":[[1,-2]]}`, "input[0][1]", "token ID"},
		{`{"input":[1,"a"]}`, "input[1]", "token ID"},
		{`{"input":[[]]}`, "input[0]", "empty array"},
		{`{"input":[{"image":"data:image/tiff;base64,AAAA"}]}`, "input[0].image", "png, jpeg, gif and webp"},
		{`{"input":["data:image/png,raw"]}`, "input[0]", "without base64"},
		{`{"input":["data:image/png;base64"]}`, "input[0]", "without base64"},
		{`{"input":["data:image/png;base64,AAA"]}`, "input[0]", "invalid base64"},
		{`{"input":[{"image":"not base64!"}]}`, "input[0].image", "data URL or base64"},
		{`{"input":[{"image":"AAAA"}]}`, "input[0].image", "cannot tell the format"},
		{`{"input":[{"image":"` + "iVBORw0KGgo=" + `","alt":"x"}]}`, "input[0].alt", "unknown member"},
		{`{"input":[{"image":3}]}`, "input[0].image", "non-empty string"},
		{`{"input":"x","encoding_format":"int8"}`, "encoding_format", "expected"},
		{`{"input":"x","dimensions":0}`, "dimensions", "between 1 and"},
		{`{"input":"x","dimensions":1.5}`, "dimensions", "between 1 and"},
		{`{"input":"x","normalize":"yes"}`, "normalize", "boolean"},
		{`{"input":"x","embedding_types":"float"}`, "embedding_types", "array of strings"},
		{`{"input":"x","seed":1}`, "seed", "not supported by M"},
		{`{"input":"` + strings.Repeat("x", MaxTextBytes) + `"}`, "input", "exceeds"},
		{`{"input":["` + strings.Repeat(`x","`, MaxInputs) + `x"]}`, "input", "at most 2048"},
		{`{"input":["` + strings.Repeat("x", MaxTextBytes/2) + `","` + strings.Repeat("x", MaxTextBytes/2) + `"]}`, "input", "in all"},
	} {
		_, err := parse(t, tc.body, false)
		if err == nil || err.Status != 400 || err.Param != tc.param || !strings.Contains(err.Message, tc.message) {
			t.Errorf("%d: %.60s: %+v", i, tc.body, err)
		}
	}
	r, err := parse(t, `{"input":"x","seed":1,"top_k":2}`, true)
	if err != nil || strings.Join(r.Dropped, ",") != "seed,top_k" {
		t.Errorf("drop_params: %v %v", r, err)
	}
}
