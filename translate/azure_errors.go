package translate

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// AzureFailure is an error Azure answered, with what the gateway knows
// about the call it answered.
type AzureFailure struct {
	// Status is the HTTP status of the reply; 0 for an error event inside
	// a stream.
	Status int
	// Body is the reply's body as Azure sent it (bounded by the caller).
	Body []byte
	// RetryAfter is the Retry-After Azure sent, if any (seconds).
	RetryAfter string
	// Account is the name of the gateway's account; Kind is AzureOpenAI or
	// AzureAI; Deployment is the deployment (AzureOpenAI) or model
	// (AzureAI) called.
	Account, Kind, Deployment string
}

// maxAzureMessage bounds the part of Azure's text an error repeats.
const maxAzureMessage = 1024

// AzureError turns an Azure error reply into the error answered to the
// client. Azure's error JSON ({"error":{"code","message","param",
// "innererror"}}, or {"detail":...} from serverless endpoints) keeps its
// message, param and code, in OpenAI's shape, under Azure's status, with
// these exceptions:
//   - a content-filter refusal (code content_filter, or innererror
//     ResponsibleAIPolicyViolation) is 400 with code content_filter and
//     Azure's innererror (the filter's verdicts) as it came;
//   - 401 means the gateway's key or Entra token for the account was
//     rejected: the client gets 500 server_error
//     upstream_credentials_rejected, never 401, which OpenAI clients read as
//     "your API key is wrong" (the same decision as for Bedrock);
//   - 403 is the gateway's identity lacking access (a missing role
//     assignment, key authentication disabled, network rules): 403
//     permission_error naming the account, as Bedrock's AccessDenied;
//   - 404 is model_not_found, naming the deployment;
//   - 429 and 503 keep Retry-After, "2" when Azure sent none (as Bedrock);
//     408 and 504 are 504 timeout_error; other 5xx are 502 upstream_error.
//
// Messages name the account, never a credential. The caller removes its
// own secrets from Body before it gets here; credentials it cannot know
// of, which a proxy in front of Azure may echo (another request's Entra
// token, a key the proxy added), are redacted here by their form
// (redactCredentials).
func AzureError(f AzureFailure) *Error {
	b := parseAzureErrorBody(f.Body)
	prefix := azureAccountPrefix(f.Kind, f.Account)
	detail := b.message
	if b.code != "" && !numericCode(b.code) {
		if detail == "" {
			detail = b.code
		} else {
			detail = b.code + ": " + detail
		}
	}
	if detail == "" {
		switch {
		case f.Status != 0:
			detail = "Azure answered HTTP " + strconv.Itoa(f.Status)
		default:
			detail = "Azure reported an error"
		}
	}

	e := &Error{Status: f.Status, Type: ErrInvalidRequest, Param: b.param}
	switch status := f.Status; {
	case b.contentFilter():
		// Azure's own code and verdicts reach the client as Azure sent
		// them: clients written for Azure look for code content_filter
		// and read innererror.content_filter_result.
		e.Status, e.Code, e.Kind = http.StatusBadRequest, "content_filter", FailContentPolicy
		e.Message = prefix + firstNonEmpty(b.message, detail)
		var compact bytes.Buffer
		if len(b.inner) > 0 && json.Compact(&compact, b.inner) == nil {
			e.InnerError = compact.String()
		}
	case status == http.StatusUnauthorized:
		e.Status, e.Type, e.Code, e.Param = http.StatusInternalServerError, ErrServer, "upstream_credentials_rejected", ""
		e.Kind = FailCredentials
		what := "API key (or Entra token)"
		if f.Kind == AzureAI {
			what = "API key"
		}
		e.Message = prefix + "Azure rejected the gateway's " + what + " (" + detail +
			"); this is a gateway configuration problem, not a problem with your API key"
	case status == http.StatusForbidden:
		e.Type, e.Param = ErrPermission, ""
		e.Message = prefix + "Azure refused the gateway access (" + detail + "); check the account's key or the Entra" +
			" application's role assignment (Cognitive Services OpenAI User) and the resource's network rules;" +
			" this is a gateway configuration problem, not a problem with your API key"
	case status == http.StatusNotFound:
		e.Type, e.Code, e.Param = ErrNotFound, "model_not_found", ""
		e.Message = prefix
		if f.Deployment != "" {
			what := "deployment "
			if f.Kind == AzureAI {
				what = "model "
			}
			e.Message += what + strconv.Quote(f.Deployment) + " not found: "
		}
		e.Message += detail
		if b.code != "DeploymentNotFound" {
			e.Message += " (check the account's endpoint and api_version)"
		}
	case status == http.StatusTooManyRequests || status == 0 && b.throttled():
		e.Status, e.Type, e.Code = http.StatusTooManyRequests, ErrRateLimit, "rate_limit_exceeded"
		e.Message = prefix + detail
		e.RetryAfter = retryAfterOrDefault(f.RetryAfter)
		e.Kind = FailThrottled
	case status == http.StatusRequestTimeout || status == http.StatusGatewayTimeout:
		e.Status, e.Type, e.Code = http.StatusGatewayTimeout, ErrTimeout, ""
		e.Message = prefix + detail
		e.Kind = FailTimeout
	case status == http.StatusServiceUnavailable:
		e.Type, e.Code = ErrUpstream, ""
		e.Message = prefix + detail
		e.RetryAfter = retryAfterOrDefault(f.RetryAfter)
		e.Kind = FailUnavailable
	case status >= 400 && status < 500:
		if !numericCode(b.code) {
			e.Code = b.code
		}
		e.Message = prefix + firstNonEmpty(b.message, detail)
		if b.code == "context_length_exceeded" {
			e.Kind = FailContextWindow
		}
	default: // 5xx, a stream's error event, or a status that is no error at all
		e.Status, e.Type, e.Code = http.StatusBadGateway, ErrUpstream, ""
		e.Message = prefix + detail
		e.Kind = FailUnavailable
	}
	return e
}

// azureErrorBody is what the gateway reads of an Azure error body.
type azureErrorBody struct {
	code, innerCode, message, param string
	inner                           json.RawMessage // innererror as Azure sent it
}

func (b *azureErrorBody) contentFilter() bool {
	return b.code == "content_filter" || b.innerCode == "ResponsibleAIPolicyViolation" ||
		b.code == "ResponsibleAIPolicyViolation"
}

func (b *azureErrorBody) throttled() bool {
	switch strings.ToLower(b.code) {
	case "429", "rate_limit_exceeded", "too_many_requests", "toomanyrequests", "ratelimitexceeded":
		return true
	}
	return false
}

// parseAzureErrorBody reads the shapes Azure answers errors in:
//
//	{"error":{"code":"DeploymentNotFound","message":"...","param":...,"innererror":{"code":...}}}
//	{"error":{"code":"401","message":"Access denied due to invalid subscription key ..."}}
//	{"error":"message"}
//	{"detail":"Extra parameters ['stream_options'] are not allowed ..."}   (serverless)
//	{"detail":[{"loc":[...],"msg":"...","type":"..."}]}                    (serverless validation)
//	{"statusCode":401,"message":"Unauthorized. Access token is missing ..."} (API management)
//
// and anything else as text.
func parseAzureErrorBody(body []byte) azureErrorBody {
	var raw struct {
		Error   json.RawMessage `json:"error"`
		Detail  json.RawMessage `json:"detail"`
		Message json.RawMessage `json:"message"`
		Code    json.RawMessage `json:"code"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return azureErrorBody{}
	}
	if json.Unmarshal(trimmed, &raw) != nil {
		return azureErrorBody{message: azurePlainText(trimmed)}
	}
	var b azureErrorBody
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
		b.message = azureDetailText(raw.Detail)
	}
	if b.message == "" {
		b.message = jsonScalarText(raw.Message)
	}
	if b.code == "" {
		b.code = jsonScalarText(raw.Code)
	}
	// What reaches the client is redacted before it is cut short, so that
	// a cut cannot separate a credential from the name that marks it.
	b.message = truncateAzureText(redactCredentials(strings.TrimSpace(b.message)), maxAzureMessage)
	b.code, b.param = redactCredentials(b.code), redactCredentials(b.param)
	return b
}

// azureDetailText reads a serverless endpoint's "detail": a string, or a list
// of validation errors whose messages are joined.
func azureDetailText(d json.RawMessage) string {
	if d[0] == '"' {
		return jsonScalarText(d)
	}
	var list []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	if json.Unmarshal(d, &list) != nil {
		return truncateAzureText(string(d), maxAzureMessage)
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

// azurePlainText is the start of a body that is not JSON; an HTML error
// page from a proxy says nothing a client can use.
func azurePlainText(b []byte) string {
	if b[0] == '<' {
		return ""
	}
	s := string(b)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return truncateAzureText(redactCredentials(strings.TrimSpace(s)), 256)
}

// truncateAzureText cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncateAzureText(s string, n int) string {
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

// azureAccountPrefix names the account the way the config does:
// `azure account "prod": ` or `azure_ai account "llama": `.
func azureAccountPrefix(kind, account string) string {
	if kind == "" {
		kind = AzureOpenAI
	}
	if account == "" {
		return kind + ": "
	}
	return kind + " account " + strconv.Quote(account) + ": "
}
