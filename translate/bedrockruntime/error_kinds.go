package bedrockruntime

import "net/http"

// errorKind classifies Bedrock exceptions by what the client should
// make of them.
type errorKind int

const (
	kindUnknown     errorKind = iota
	kindInvalid               // the request is wrong
	kindDenied                // the gateway's identity lacks permission
	kindCredentials           // the gateway's credentials were rejected
	kindNotFound              // no such model
	kindThrottled             // rate or quota limit
	kindUnavailable           // model or service not ready
	kindTimeout               // the model took too long
	kindUpstream              // Bedrock or the model failed
	kindTooLarge              // request too large
)

// exceptionKind maps an exception name, lowercased, to its kind.
func exceptionKind(typ string) errorKind {
	switch typ {
	case "validationexception":
		return kindInvalid
	case "accessdeniedexception":
		return kindDenied
	case "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception",
		"incompletesignatureexception", "missingauthenticationtokenexception",
		"invalidclienttokenid", "signaturedoesnotmatch", "expiredtoken":
		return kindCredentials
	case "resourcenotfoundexception":
		return kindNotFound
	case "throttlingexception", "servicequotaexceededexception", "toomanyrequestsexception":
		return kindThrottled
	case "modelnotreadyexception", "serviceunavailableexception":
		return kindUnavailable
	case "modeltimeoutexception":
		return kindTimeout
	case "modelerrorexception", "modelstreamerrorexception", "internalserverexception":
		return kindUpstream
	}
	return kindUnknown
}

// statusKind classifies a reply by status when its exception is not
// one the gateway knows.
func statusKind(status int) errorKind {
	switch {
	case status == http.StatusUnauthorized:
		return kindCredentials
	case status == http.StatusForbidden:
		return kindDenied
	case status == http.StatusNotFound:
		return kindNotFound
	case status == http.StatusRequestTimeout, status == http.StatusGatewayTimeout:
		return kindTimeout
	case status == http.StatusRequestEntityTooLarge:
		return kindTooLarge
	case status == http.StatusTooManyRequests:
		return kindThrottled
	case status == http.StatusServiceUnavailable:
		return kindUnavailable
	case status == http.StatusFailedDependency: // ModelErrorException's status
		return kindUpstream
	case status >= 400 && status < 500:
		return kindInvalid
	}
	return kindUpstream
}
