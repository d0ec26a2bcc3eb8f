package translate

import "testing"

func TestResponseFormatSchema(t *testing.T) {
	for i, tc := range []struct {
		rf        *ResponseFormat
		want      string // the schema; "" for none
		wantParam string // the error's param; "" for no error
	}{
		{rf: nil},
		{rf: &ResponseFormat{Type: "text"}},
		{rf: &ResponseFormat{Type: "json_object"}, want: `{"type":"object"}`},
		{rf: &ResponseFormat{Type: "json_schema", JSONSchema: &JSONSchema{Name: "n"}}, want: `{"type":"object"}`},
		{rf: &ResponseFormat{Type: "json_schema", JSONSchema: &JSONSchema{Schema: []byte("null")}}, want: `{"type":"object"}`},
		{rf: &ResponseFormat{Type: "json_schema", JSONSchema: &JSONSchema{Schema: []byte(` {"type":"object","properties":{"a":{"type":"string"}}}`)}},
			want: ` {"type":"object","properties":{"a":{"type":"string"}}}`},
		{rf: &ResponseFormat{Type: "json_schema"}, wantParam: "response_format.json_schema"},
		{rf: &ResponseFormat{Type: "json_schema", JSONSchema: &JSONSchema{Schema: []byte(`[]`)}}, wantParam: "response_format.json_schema.schema"},
		{rf: &ResponseFormat{Type: "xml"}, wantParam: "response_format.type"},
	} {
		got, err := tc.rf.Schema()
		switch {
		case tc.wantParam != "":
			if err == nil || err.Param != tc.wantParam || err.Status != 400 {
				t.Errorf("%d: err %+v, want a 400 naming %s", i, err, tc.wantParam)
			}
		case err != nil:
			t.Errorf("%d: %v", i, err)
		case string(got) != tc.want:
			t.Errorf("%d: schema %q, want %q", i, got, tc.want)
		}
	}
}
