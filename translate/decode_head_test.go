package translate

import "testing"

// TestDecodeHead holds chat and text completions to the same reading of
// model, stream and stream_options, errors included.
func TestDecodeHead(t *testing.T) {
	for _, tc := range []struct {
		members       string
		model         string
		stream, usage bool
		param, msg    string
	}{
		{members: `"model":"m"`, model: "m"},
		{members: `"model":"m","stream":true,"stream_options":{"include_usage":true}`, model: "m", stream: true, usage: true},
		{members: `"model":"m","stream":null,"stream_options":null`, model: "m"},
		{members: `"model":"m","stream_options":{"include_usage":false,"other":1}`, model: "m"},
		{members: `"stream":true`, param: "model", msg: "you must provide a model parameter"},
		{members: `"model":null`, param: "model", msg: "'model' must not be empty"},
		{members: `"model":""`, param: "model", msg: "'model' must not be empty"},
		{members: `"model":4`, param: "model", msg: "invalid value for 'model': expected string, got number"},
		{members: `"model":"m","stream":"yes"`, param: "stream", msg: "invalid value for 'stream': expected boolean, got string"},
		{members: `"model":"m","stream_options":[]`, param: "stream_options", msg: "invalid value for 'stream_options': expected object, got array"},
		{members: `"model":"m","stream_options":{"include_usage":1}`, param: "stream_options",
			msg: "invalid value for 'stream_options': field 'include_usage': expected boolean, got number"},
	} {
		type head struct {
			model         string
			stream, usage bool
			err           *Error
		}
		got := map[string]head{}
		if r, err := ParseChatRequest([]byte(`{` + tc.members + `,"messages":[{"role":"user","content":"x"}]}`)); err != nil {
			got["chat"] = head{err: err}
		} else {
			got["chat"] = head{r.Model, r.Stream, r.IncludeUsage, nil}
		}
		if r, err := ParseTextRequest([]byte(`{` + tc.members + `,"prompt":"x"}`)); err != nil {
			got["text"] = head{err: err}
		} else {
			got["text"] = head{r.Model, r.Stream, r.IncludeUsage, nil}
		}
		for endpoint, h := range got {
			switch {
			case tc.msg != "":
				if h.err == nil || h.err.Param != tc.param || h.err.Message != tc.msg {
					t.Errorf("%s %s: error %+v, want %s: %s", endpoint, tc.members, h.err, tc.param, tc.msg)
				}
			case h.err != nil:
				t.Errorf("%s %s: %v", endpoint, tc.members, h.err)
			case h.model != tc.model || h.stream != tc.stream || h.usage != tc.usage:
				t.Errorf("%s %s: model %q stream %v include_usage %v", endpoint, tc.members, h.model, h.stream, h.usage)
			}
		}
	}
}
