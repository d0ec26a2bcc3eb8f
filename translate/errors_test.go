package translate

import (
	"encoding/json"
	"testing"
)

func TestErrorRetryable(t *testing.T) {
	for i, tc := range []struct {
		e    Error
		want bool
	}{
		{Error{Status: 400}, false},
		{Error{Status: 403}, false},
		{Error{Status: 404}, false},
		{Error{Status: 413}, false},
		{Error{Status: 429}, true},
		{Error{Status: 500}, true},
		{Error{Status: 502}, true},
		{Error{Status: 503}, true},
		{Error{Status: 504}, true},
		{Error{Status: 500, Code: "upstream_credentials_unavailable"}, false},
		{Error{Status: 500, Code: "upstream_credentials_rejected"}, false},
	} {
		if got := tc.e.Retryable(); got != tc.want {
			t.Errorf("%d: %+v retryable = %v", i, tc.e, got)
		}
	}
}

func TestErrorAppendJSON(t *testing.T) {
	for i, e := range []*Error{
		{Message: `bad "quote"`, Type: ErrInvalidRequest, Param: "messages[0]", Code: "x"},
		{Message: "no param", Type: ErrServer},
	} {
		var got struct {
			Error struct {
				Message string  `json:"message"`
				Type    string  `json:"type"`
				Param   *string `json:"param"`
				Code    *string `json:"code"`
			} `json:"error"`
		}
		if err := json.Unmarshal(e.AppendJSON(nil), &got); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if got.Error.Message != e.Message || got.Error.Type != e.Type ||
			(e.Param == "") != (got.Error.Param == nil) || (e.Code == "") != (got.Error.Code == nil) {
			t.Errorf("%d: %+v from %+v", i, got.Error, e)
		}
	}
}
