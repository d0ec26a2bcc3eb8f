package azure

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Failure is an error Azure answered, with what the gateway knows
// about the call it answered.
type Failure struct {
	// Status is the HTTP status of the reply; 0 for an error event inside
	// a stream.
	Status int
	// Body is the reply's body as Azure sent it (bounded by the caller).
	Body []byte
	// RetryAfter is the Retry-After Azure sent, if any (seconds).
	RetryAfter string
	// Account is the name of the gateway's account; Kind is OpenAI or AI;
	// Deployment is the deployment (OpenAI) or model (AI) called.
	Account, Kind, Deployment string
}

// Error turns an Azure error reply into the error answered to the
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
// (translate.RedactCredentials).
func Error(f Failure) *translate.Error {
	b := parseErrorBody(f.Body)
	prefix := accountPrefix(f.Kind, f.Account)
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

	e := &translate.Error{Status: f.Status, Type: translate.ErrInvalidRequest, Param: b.param}
	switch status := f.Status; {
	case b.contentFilter():
		// Azure's own code and verdicts reach the client as Azure sent
		// them: clients written for Azure look for code content_filter
		// and read innererror.content_filter_result.
		e.Status, e.Code, e.Kind = http.StatusBadRequest, "content_filter", translate.FailContentPolicy
		e.Message = prefix + firstNonEmpty(b.message, detail)
		var compact bytes.Buffer
		if len(b.inner) > 0 && json.Compact(&compact, b.inner) == nil {
			e.InnerError = compact.String()
		}
	case status == http.StatusUnauthorized:
		e.Status, e.Type, e.Code, e.Param = http.StatusInternalServerError, translate.ErrServer, "upstream_credentials_rejected", ""
		e.Kind = translate.FailCredentials
		what := "API key (or Entra token)"
		if f.Kind == AI {
			what = "API key"
		}
		e.Message = prefix + "Azure rejected the gateway's " + what + " (" + detail +
			"); this is a gateway configuration problem, not a problem with your API key"
	case status == http.StatusForbidden:
		e.Type, e.Param = translate.ErrPermission, ""
		e.Message = prefix + "Azure refused the gateway access (" + detail + "); check the account's key or the Entra" +
			" application's role assignment (Cognitive Services OpenAI User) and the resource's network rules;" +
			" this is a gateway configuration problem, not a problem with your API key"
	case status == http.StatusNotFound:
		e.Type, e.Code, e.Param = translate.ErrNotFound, "model_not_found", ""
		e.Message = prefix
		if f.Deployment != "" {
			what := "deployment "
			if f.Kind == AI {
				what = "model "
			}
			e.Message += what + strconv.Quote(f.Deployment) + " not found: "
		}
		e.Message += detail
		if b.code != "DeploymentNotFound" {
			e.Message += " (check the account's endpoint and api_version)"
		}
	case status == http.StatusTooManyRequests || status == 0 && b.throttled():
		e.Status, e.Type, e.Code = http.StatusTooManyRequests, translate.ErrRateLimit, "rate_limit_exceeded"
		e.Message = prefix + detail
		e.RetryAfter = translate.RetryAfterOrDefault(f.RetryAfter)
		e.Kind = translate.FailThrottled
	case status == http.StatusRequestTimeout || status == http.StatusGatewayTimeout:
		e.Status, e.Type, e.Code = http.StatusGatewayTimeout, translate.ErrTimeout, ""
		e.Message = prefix + detail
		e.Kind = translate.FailTimeout
	case status == http.StatusServiceUnavailable:
		e.Type, e.Code = translate.ErrUpstream, ""
		e.Message = prefix + detail
		e.RetryAfter = translate.RetryAfterOrDefault(f.RetryAfter)
		e.Kind = translate.FailUnavailable
	case status >= 400 && status < 500:
		if !numericCode(b.code) {
			e.Code = b.code
		}
		e.Message = prefix + firstNonEmpty(b.message, detail)
		if b.code == "context_length_exceeded" {
			e.Kind = translate.FailContextWindow
		}
	default: // 5xx, a stream's error event, or a status that is no error at all
		e.Status, e.Type, e.Code = http.StatusBadGateway, translate.ErrUpstream, ""
		e.Message = prefix + detail
		e.Kind = translate.FailUnavailable
	}
	return e
}

// accountPrefix names the account the way the config does:
// `azure account "prod": ` or `azure_ai account "llama": `.
func accountPrefix(kind, account string) string {
	if kind == "" {
		kind = OpenAI
	}
	if account == "" {
		return kind + ": "
	}
	return kind + " account " + strconv.Quote(account) + ": "
}
