package azure

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// maxMessage bounds the part of Azure's text an error repeats.
const maxMessage = 1024

// errorBody is what the gateway reads of an Azure error body.
type errorBody struct {
	code, innerCode, message, param string
	inner                           json.RawMessage // innererror as Azure sent it
}

func (b *errorBody) contentFilter() bool {
	return b.code == "content_filter" || b.innerCode == "ResponsibleAIPolicyViolation" ||
		b.code == "ResponsibleAIPolicyViolation"
}

func (b *errorBody) throttled() bool {
	switch strings.ToLower(b.code) {
	case "429", "rate_limit_exceeded", "too_many_requests", "toomanyrequests", "ratelimitexceeded":
		return true
	}
	return false
}

// parseErrorBody reads the shapes Azure answers errors in:
//
//	{"error":{"code":"DeploymentNotFound","message":"...","param":...,"innererror":{"code":...}}}
//	{"error":{"code":"401","message":"Access denied due to invalid subscription key ..."}}
//	{"error":"message"}
//	{"detail":"Extra parameters ['stream_options'] are not allowed ..."}   (serverless)
//	{"detail":[{"loc":[...],"msg":"...","type":"..."}]}                    (serverless validation)
//	{"statusCode":401,"message":"Unauthorized. Access token is missing ..."} (API management)
//
// and anything else as text.
func parseErrorBody(body []byte) errorBody {
	var raw struct {
		Error   json.RawMessage `json:"error"`
		Detail  json.RawMessage `json:"detail"`
		Message json.RawMessage `json:"message"`
		Code    json.RawMessage `json:"code"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return errorBody{}
	}
	if json.Unmarshal(trimmed, &raw) != nil {
		return errorBody{message: plainText(trimmed)}
	}
	var b errorBody
	var inner struct {
		Code       json.RawMessage `json:"code"`
		Message    json.RawMessage `json:"message"`
		Param      json.RawMessage `json:"param"`
		InnerError json.RawMessage `json:"innererror"`
	}
	var innerCode struct {
		Code json.RawMessage `json:"code"`
	}
	switch {
	case jsonw.IsObject(raw.Error) && json.Unmarshal(raw.Error, &inner) == nil:
		b.code = jsonScalarText(inner.Code)
		b.message = jsonScalarText(inner.Message)
		b.param = jsonScalarText(inner.Param)
		if jsonw.IsObject(inner.InnerError) && json.Unmarshal(inner.InnerError, &innerCode) == nil {
			b.innerCode = jsonScalarText(innerCode.Code)
			b.inner = inner.InnerError
		}
	case len(raw.Error) > 0 && raw.Error[0] == '"':
		b.message = jsonScalarText(raw.Error)
	case len(raw.Detail) > 0:
		b.message = detailText(raw.Detail)
	}
	if b.message == "" {
		b.message = jsonScalarText(raw.Message)
	}
	if b.code == "" {
		b.code = jsonScalarText(raw.Code)
	}
	// What reaches the client is redacted before it is cut short, so that
	// a cut cannot separate a credential from the name that marks it.
	b.message = truncateText(translate.RedactCredentials(strings.TrimSpace(b.message)), maxMessage)
	b.code, b.param = translate.RedactCredentials(b.code), translate.RedactCredentials(b.param)
	return b
}

// detailText reads a serverless endpoint's "detail": a string, or a list
// of validation errors whose messages are joined.
func detailText(d json.RawMessage) string {
	if d[0] == '"' {
		return jsonScalarText(d)
	}
	var list []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	if json.Unmarshal(d, &list) != nil {
		return truncateText(string(d), maxMessage)
	}
	var sb strings.Builder
	for i, e := range list {
		if i > 0 {
			sb.WriteString("; ")
		}
		if n := len(e.Loc); n > 0 {
			if field := locText(e.Loc[n-1]); field != "" {
				sb.WriteString(field)
				sb.WriteString(": ")
			}
		}
		sb.WriteString(e.Msg)
	}
	return sb.String()
}

func locText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// jsonScalarText is a JSON string's text or a number's digits; "" otherwise.
func jsonScalarText(v json.RawMessage) string {
	if len(v) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		return n.String()
	}
	return ""
}

// plainText is the start of a body that is not JSON; an HTML error
// page from a proxy says nothing a client can use.
func plainText(b []byte) string {
	if b[0] == '<' {
		return ""
	}
	s := string(b)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return truncateText(translate.RedactCredentials(strings.TrimSpace(s)), 256)
}

// truncateText cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func numericCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func firstNonEmpty(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
