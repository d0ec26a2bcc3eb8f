package bedrockruntime

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// Failure is an error Bedrock answered, with what the gateway knows
// about the call it answered.
type Failure struct {
	// Status is the HTTP status of the reply; 0 for an exception inside a
	// stream.
	Status int
	// Type is the exception name, from x-amzn-errortype (ValidationException)
	// or from a stream's :exception-type (validationException). A namespace
	// suffix (":http://...") or prefix ("...#") is ignored.
	Type    string
	Message string
	// Operation is the IAM action the call needs: bedrock:InvokeModel,
	// bedrock:InvokeModelWithResponseStream or bedrock:Rerank.
	Operation string
	// Account is the name of the gateway's bedrock account; Region and
	// ModelID are what it called.
	Account, Region, ModelID string
	// RetryAfter is the Retry-After Bedrock sent, if any (seconds).
	RetryAfter string
}

// Error turns a Bedrock error reply into the error answered to the
// client. AWS account IDs and IAM principals in Bedrock's message are
// redacted (see RedactAWS); credentials never appear in a message.
//
// Credentials that AWS rejects (UnrecognizedClientException,
// InvalidSignatureException, ExpiredTokenException, ...) are the gateway's,
// not the client's: they are answered 500 server_error, never 401, which
// OpenAI clients read as "your API key is wrong" and stop retrying. 500
// rather than 502 because AWS answered correctly; the fault is the
// gateway's configuration (or clock), and it may clear on retry once
// refreshed credentials arrive.
func Error(f Failure) *translate.Error {
	typ := bareExceptionType(f.Type)
	kind := exceptionKind(strings.ToLower(typ))
	if kind == kindDenied && isMissingAuth(f.Message) {
		kind = kindCredentials
	}
	if kind == kindUnknown {
		kind = statusKind(f.Status)
	}
	msg := RedactAWS(strings.TrimSpace(f.Message))
	detail := msg
	switch {
	case typ != "" && msg != "":
		detail = typ + ": " + msg
	case typ != "":
		detail = typ
	case msg == "" && f.Status != 0:
		detail = "Bedrock answered HTTP " + strconv.Itoa(f.Status)
	case msg == "":
		detail = "Bedrock reported an error"
	}
	prefix := AccountPrefix(f.Account)
	model := RedactAWS(f.ModelID)

	e := &translate.Error{}
	switch kind {
	case kindInvalid:
		e.Status, e.Type = http.StatusBadRequest, translate.ErrInvalidRequest
		e.Message = prefix + detail
		switch {
		case contextWindowExceeded(msg):
			e.Code, e.Kind = "context_length_exceeded", translate.FailContextWindow
		case contentRefused(msg):
			e.Code, e.Kind = "content_policy_violation", translate.FailContentPolicy
		}
		if strings.Contains(strings.ToLower(msg), "on-demand throughput isn") {
			e.Message += "; " + onDemandHint(f.Region, f.ModelID, msg)
			e.Code = "inference_profile_required"
		}
	case kindTooLarge:
		e.Status, e.Type = http.StatusRequestEntityTooLarge, translate.ErrInvalidRequest
		e.Message = prefix + detail
	case kindDenied:
		op := f.Operation
		if op == "" {
			op = "bedrock:InvokeModel"
		}
		e.Status, e.Type = http.StatusForbidden, translate.ErrPermission
		e.Message = prefix + "the gateway's AWS identity may not call " + op
		if model != "" {
			e.Message += " on model " + model
		}
		if f.Region != "" {
			e.Message += " in " + f.Region
		}
		e.Message += " (" + detail + "); grant it " + grantFor(op) +
			", and check that access to the model is enabled for the AWS account (Bedrock model access)"
	case kindCredentials:
		e.Status, e.Type, e.Code = http.StatusInternalServerError, translate.ErrServer, "upstream_credentials_rejected"
		e.Kind = translate.FailCredentials
		e.Message = prefix + "AWS rejected the gateway's credentials for this account (" + detail + ")"
		if l := strings.ToLower(msg); strings.Contains(l, "signature expired") || strings.Contains(l, "not yet current") {
			e.Message += "; check the gateway host's clock"
		}
		e.Message += "; this is a gateway configuration problem, not a problem with your API key"
	case kindNotFound:
		e.Status, e.Type, e.Code = http.StatusNotFound, translate.ErrNotFound, "model_not_found"
		e.Message = prefix
		if model != "" {
			e.Message += "model " + model
			if f.Region != "" {
				e.Message += " in " + f.Region
			}
			e.Message += ": "
		}
		e.Message += detail
	case kindThrottled:
		e.Status, e.Type, e.Code = http.StatusTooManyRequests, translate.ErrRateLimit, "rate_limit_exceeded"
		e.Message = prefix + detail
		e.RetryAfter = translate.RetryAfterOrDefault(f.RetryAfter)
		e.Kind = translate.FailThrottled
	case kindUnavailable:
		e.Status, e.Type = http.StatusServiceUnavailable, translate.ErrUpstream
		e.Message = prefix + detail
		e.RetryAfter = translate.RetryAfterOrDefault(f.RetryAfter)
		e.Kind = translate.FailUnavailable
	case kindTimeout:
		e.Status, e.Type = http.StatusGatewayTimeout, translate.ErrTimeout
		e.Message = prefix + detail
		e.Kind = translate.FailTimeout
	default: // kindUpstream
		e.Status, e.Type = http.StatusBadGateway, translate.ErrUpstream
		e.Message = prefix + detail
		e.Kind = translate.FailUnavailable
	}
	return e
}

// OperationRerank is the IAM action of the agent runtime's Rerank API,
// which also needs bedrock:InvokeModel on the model it names.
const OperationRerank = "bedrock:Rerank"

// grantFor is what an identity denied op must be granted.
func grantFor(op string) string {
	if op == OperationRerank {
		return "bedrock:Rerank, and bedrock:InvokeModel on the model"
	}
	return op + " on the model (for an inference profile, also on the foundation model in each region it routes to)"
}

// StreamError is Error for an exception frame inside a ConverseStream
// response (:exception-type, lowerCamel) or an error frame (:error-code).
// f gives the context of the call; its Type and Message are replaced.
func StreamError(exceptionType, message string, f Failure) *translate.Error {
	f.Type, f.Message, f.Status = exceptionType, message, 0
	return Error(f)
}

// bareExceptionType strips what AWS protocols put around an exception name:
// "ValidationException:http://internal.amazon.com/coral/..." and
// "com.amazon.coral.service#UnrecognizedClientException".
func bareExceptionType(t string) string {
	if i := strings.IndexByte(t, ':'); i >= 0 {
		t = t[:i]
	}
	if i := strings.LastIndexByte(t, '#'); i >= 0 {
		t = t[i+1:]
	}
	return strings.TrimSpace(t)
}

// isMissingAuth reports an AccessDeniedException that is about the request
// carrying no credentials at all, which is the gateway's problem too.
func isMissingAuth(msg string) bool {
	return strings.Contains(strings.ToLower(msg), "authorization header is missing")
}

// AccountPrefix starts a message about a call with the account it went
// through, the way the config names it: `bedrock account "prod": `, or
// `bedrock: ` when the account has no name.
func AccountPrefix(account string) string {
	if account == "" {
		return "bedrock: "
	}
	return "bedrock account " + strconv.Quote(account) + ": "
}

// contextWindowExceeded spots Bedrock's ways of saying the prompt does not
// fit the model ("Input is too long for requested model", "prompt is too
// long: 210000 tokens > 200000 maximum", "too many input tokens").
func contextWindowExceeded(msg string) bool {
	l := strings.ToLower(msg)
	for _, s := range []string{"input is too long", "prompt is too long", "too many input tokens",
		"maximum context length", "context window", "exceeds the maximum number of tokens"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// contentRefused spots a prompt refused by a guardrail or content filter
// answered as an error rather than as a guardrail_intervened stop.
func contentRefused(msg string) bool {
	l := strings.ToLower(msg)
	return strings.Contains(l, "guardrail") || strings.Contains(l, "content filter") ||
		strings.Contains(l, "blocked by") && strings.Contains(l, "policy")
}
