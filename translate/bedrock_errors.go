package translate

import (
	"net/http"
	"strconv"
	"strings"
)

// BedrockFailure is an error Bedrock answered, with what the gateway knows
// about the call it answered.
type BedrockFailure struct {
	// Status is the HTTP status of the reply; 0 for an exception inside a
	// stream.
	Status int
	// Type is the exception name, from x-amzn-errortype (ValidationException)
	// or from a stream's :exception-type (validationException). A namespace
	// suffix (":http://...") or prefix ("...#") is ignored.
	Type    string
	Message string
	// Operation is the IAM action the call needs: bedrock:InvokeModel or
	// bedrock:InvokeModelWithResponseStream.
	Operation string
	// Account is the name of the gateway's bedrock account; Region and
	// ModelID are what it called.
	Account, Region, ModelID string
	// RetryAfter is the Retry-After Bedrock sent, if any (seconds).
	RetryAfter string
}

// bedrockErrorKind classifies Bedrock exceptions by what the client should
// make of them.
type bedrockErrorKind int

const (
	bedrockKindUnknown     bedrockErrorKind = iota
	bedrockKindInvalid                      // the request is wrong
	bedrockKindDenied                       // the gateway's identity lacks permission
	bedrockKindCredentials                  // the gateway's credentials were rejected
	bedrockKindNotFound                     // no such model
	bedrockKindThrottled                    // rate or quota limit
	bedrockKindUnavailable                  // model or service not ready
	bedrockKindTimeout                      // the model took too long
	bedrockKindUpstream                     // Bedrock or the model failed
	bedrockKindTooLarge                     // request too large
)

// bedrockErrorKindOf maps an exception name, lowercased, to its kind.
func bedrockErrorKindOf(typ string) bedrockErrorKind {
	switch typ {
	case "validationexception":
		return bedrockKindInvalid
	case "accessdeniedexception":
		return bedrockKindDenied
	case "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception",
		"incompletesignatureexception", "missingauthenticationtokenexception",
		"invalidclienttokenid", "signaturedoesnotmatch", "expiredtoken":
		return bedrockKindCredentials
	case "resourcenotfoundexception":
		return bedrockKindNotFound
	case "throttlingexception", "servicequotaexceededexception", "toomanyrequestsexception":
		return bedrockKindThrottled
	case "modelnotreadyexception", "serviceunavailableexception":
		return bedrockKindUnavailable
	case "modeltimeoutexception":
		return bedrockKindTimeout
	case "modelerrorexception", "modelstreamerrorexception", "internalserverexception":
		return bedrockKindUpstream
	}
	return bedrockKindUnknown
}

// bedrockStatusKind classifies a reply by status when its exception is not
// one the gateway knows.
func bedrockStatusKind(status int) bedrockErrorKind {
	switch {
	case status == http.StatusUnauthorized:
		return bedrockKindCredentials
	case status == http.StatusForbidden:
		return bedrockKindDenied
	case status == http.StatusNotFound:
		return bedrockKindNotFound
	case status == http.StatusRequestTimeout, status == http.StatusGatewayTimeout:
		return bedrockKindTimeout
	case status == http.StatusRequestEntityTooLarge:
		return bedrockKindTooLarge
	case status == http.StatusTooManyRequests:
		return bedrockKindThrottled
	case status == http.StatusServiceUnavailable:
		return bedrockKindUnavailable
	case status == http.StatusFailedDependency: // ModelErrorException's status
		return bedrockKindUpstream
	case status >= 400 && status < 500:
		return bedrockKindInvalid
	}
	return bedrockKindUpstream
}

// BedrockError turns a Bedrock error reply into the error answered to the
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
func BedrockError(f BedrockFailure) *Error {
	typ := bareExceptionType(f.Type)
	kind := bedrockErrorKindOf(strings.ToLower(typ))
	if kind == bedrockKindDenied && isMissingAuth(f.Message) {
		kind = bedrockKindCredentials
	}
	if kind == bedrockKindUnknown {
		kind = bedrockStatusKind(f.Status)
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
	prefix := accountPrefix(f.Account)
	model := RedactAWS(f.ModelID)

	e := &Error{}
	switch kind {
	case bedrockKindInvalid:
		e.Status, e.Type = http.StatusBadRequest, ErrInvalidRequest
		e.Message = prefix + detail
		switch {
		case contextWindowExceeded(msg):
			e.Code, e.Kind = "context_length_exceeded", FailContextWindow
		case contentRefused(msg):
			e.Code, e.Kind = "content_policy_violation", FailContentPolicy
		}
		if strings.Contains(strings.ToLower(msg), "on-demand throughput isn") {
			e.Message += "; " + onDemandHint(f.Region, f.ModelID, msg)
			e.Code = "inference_profile_required"
		}
	case bedrockKindTooLarge:
		e.Status, e.Type = http.StatusRequestEntityTooLarge, ErrInvalidRequest
		e.Message = prefix + detail
	case bedrockKindDenied:
		op := f.Operation
		if op == "" {
			op = "bedrock:InvokeModel"
		}
		e.Status, e.Type = http.StatusForbidden, ErrPermission
		e.Message = prefix + "the gateway's AWS identity may not call " + op
		if model != "" {
			e.Message += " on model " + model
		}
		if f.Region != "" {
			e.Message += " in " + f.Region
		}
		e.Message += " (" + detail + "); grant it " + op +
			" on the model (for an inference profile, also on the foundation model in each region it routes to)," +
			" and check that access to the model is enabled for the AWS account (Bedrock model access)"
	case bedrockKindCredentials:
		e.Status, e.Type, e.Code = http.StatusInternalServerError, ErrServer, "upstream_credentials_rejected"
		e.Kind = FailCredentials
		e.Message = prefix + "AWS rejected the gateway's credentials for this account (" + detail + ")"
		if l := strings.ToLower(msg); strings.Contains(l, "signature expired") || strings.Contains(l, "not yet current") {
			e.Message += "; check the gateway host's clock"
		}
		e.Message += "; this is a gateway configuration problem, not a problem with your API key"
	case bedrockKindNotFound:
		e.Status, e.Type, e.Code = http.StatusNotFound, ErrNotFound, "model_not_found"
		e.Message = prefix
		if model != "" {
			e.Message += "model " + model
			if f.Region != "" {
				e.Message += " in " + f.Region
			}
			e.Message += ": "
		}
		e.Message += detail
	case bedrockKindThrottled:
		e.Status, e.Type, e.Code = http.StatusTooManyRequests, ErrRateLimit, "rate_limit_exceeded"
		e.Message = prefix + detail
		e.RetryAfter = RetryAfterOrDefault(f.RetryAfter)
		e.Kind = FailThrottled
	case bedrockKindUnavailable:
		e.Status, e.Type = http.StatusServiceUnavailable, ErrUpstream
		e.Message = prefix + detail
		e.RetryAfter = RetryAfterOrDefault(f.RetryAfter)
		e.Kind = FailUnavailable
	case bedrockKindTimeout:
		e.Status, e.Type = http.StatusGatewayTimeout, ErrTimeout
		e.Message = prefix + detail
		e.Kind = FailTimeout
	default: // bedrockKindUpstream
		e.Status, e.Type = http.StatusBadGateway, ErrUpstream
		e.Message = prefix + detail
		e.Kind = FailUnavailable
	}
	return e
}

// BedrockStreamError is BedrockError for an exception frame inside a
// ConverseStream response (:exception-type, lowerCamel) or an error frame
// (:error-code). f gives the context of the call; its Type and Message are
// replaced.
func BedrockStreamError(exceptionType, message string, f BedrockFailure) *Error {
	f.Type, f.Message, f.Status = exceptionType, message, 0
	return BedrockError(f)
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

func accountPrefix(account string) string {
	if account == "" {
		return "bedrock: "
	}
	return "bedrock account " + strconv.Quote(account) + ": "
}

// onDemandHint explains Bedrock's "on-demand throughput isn't supported":
// newer models can only be invoked through an inference profile, whose ID
// is the model ID behind a geography prefix.
func onDemandHint(region, modelID, msg string) string {
	if modelID == "" {
		modelID = modelIDFromMessage(msg)
	}
	if HasCrossRegionPrefix(modelID) || strings.Contains(modelID, ":inference-profile/") ||
		strings.Contains(modelID, ":application-inference-profile/") {
		where := "this region"
		if region != "" {
			where = region
		}
		return "model ID " + RedactAWS(modelID) + " already names an inference profile: check that the profile exists in " +
			where + " (aws bedrock list-inference-profiles) and that the account may use it"
	}
	base := BaseModelID(modelID)
	if base == "" {
		base = "<model>"
	}
	if p := regionProfilePrefix(region); p != "" {
		return "use the cross-region inference profile ID instead: target bedrock/" + p + "." + base
	}
	return "use a cross-region inference profile such as us." + base + " instead (target bedrock/us." + base +
		"), with the prefix of the geography of the account's region"
}

// regionProfilePrefix is the cross-region inference profile prefix for a
// region's geography, or "" when the gateway does not know it.
func regionProfilePrefix(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "us-gov"
	case strings.HasPrefix(region, "us-"):
		return "us"
	case strings.HasPrefix(region, "eu-"):
		return "eu"
	case strings.HasPrefix(region, "ap-"):
		return "apac"
	case strings.HasPrefix(region, "ca-"):
		return "ca"
	}
	return ""
}

// modelIDFromMessage finds the model ID in "Invocation of model ID X with
// on-demand throughput isn't supported...".
func modelIDFromMessage(msg string) string {
	_, rest, ok := strings.Cut(msg, "model ID ")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, " \t\n,;"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimRight(rest, ".")
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
