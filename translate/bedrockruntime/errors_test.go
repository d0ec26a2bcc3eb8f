package bedrockruntime

import (
	"net/http"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func TestExceptionKind(t *testing.T) {
	for typ, want := range map[string]errorKind{
		"validationexception":                 kindInvalid,
		"accessdeniedexception":               kindDenied,
		"unrecognizedclientexception":         kindCredentials,
		"invalidsignatureexception":           kindCredentials,
		"expiredtokenexception":               kindCredentials,
		"incompletesignatureexception":        kindCredentials,
		"missingauthenticationtokenexception": kindCredentials,
		"invalidclienttokenid":                kindCredentials,
		"signaturedoesnotmatch":               kindCredentials,
		"expiredtoken":                        kindCredentials,
		"resourcenotfoundexception":           kindNotFound,
		"throttlingexception":                 kindThrottled,
		"servicequotaexceededexception":       kindThrottled,
		"toomanyrequestsexception":            kindThrottled,
		"modelnotreadyexception":              kindUnavailable,
		"serviceunavailableexception":         kindUnavailable,
		"modeltimeoutexception":               kindTimeout,
		"modelerrorexception":                 kindUpstream,
		"modelstreamerrorexception":           kindUpstream,
		"internalserverexception":             kindUpstream,
		"":                                    kindUnknown,
		"somenewexception":                    kindUnknown,
		"ValidationException":                 kindUnknown, // callers lowercase
	} {
		if got := exceptionKind(typ); got != want {
			t.Errorf("exceptionKind(%q) = %d, want %d", typ, got, want)
		}
	}
}

func TestStatusKind(t *testing.T) {
	for status, want := range map[int]errorKind{
		0:   kindUpstream,
		200: kindUpstream,
		400: kindInvalid,
		401: kindCredentials,
		403: kindDenied,
		404: kindNotFound,
		405: kindInvalid,
		408: kindTimeout,
		409: kindInvalid,
		413: kindTooLarge,
		422: kindInvalid,
		424: kindUpstream,
		429: kindThrottled,
		499: kindInvalid,
		500: kindUpstream,
		502: kindUpstream,
		503: kindUnavailable,
		504: kindTimeout,
		599: kindUpstream,
	} {
		if got := statusKind(status); got != want {
			t.Errorf("statusKind(%d) = %d, want %d", status, got, want)
		}
	}
}

func TestError(t *testing.T) {
	const (
		deniedMsg = "User: arn:aws:sts::123456789012:assumed-role/GatewayRole/i-0abc123def is not authorized to perform: " +
			"bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0 " +
			"because no identity-based policy allows the bedrock:InvokeModel action"
		onDemandMsg = "Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. " +
			"Retry your request with the ID or ARN of an inference profile that contains this model."
	)
	for _, tc := range []struct {
		name string
		in   Failure
		want translate.Error
	}{
		{
			name: "validation",
			in:   Failure{Status: 400, Type: "ValidationException", Message: "messages.1.content: Field required", Account: "prod"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Message: `bedrock account "prod": ValidationException: messages.1.content: Field required`},
		},
		{
			name: "validation with namespace, no account",
			in:   Failure{Status: 400, Type: "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/", Message: "bad"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Message: `bedrock: ValidationException: bad`},
		},
		{
			name: "on-demand, us region",
			in: Failure{Status: 400, Type: "ValidationException", Message: onDemandMsg, Account: "prod",
				Region: "us-west-2", ModelID: "anthropic.claude-3-5-sonnet-20241022-v2:0"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Code: "inference_profile_required",
				Message: `bedrock account "prod": ValidationException: ` + onDemandMsg +
					"; use the cross-region inference profile ID instead: target bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
		},
		{
			name: "on-demand, model from the message, eu",
			in:   Failure{Status: 400, Type: "validationException", Message: onDemandMsg, Account: "eu", Region: "eu-central-1"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Code: "inference_profile_required",
				Message: `bedrock account "eu": validationException: ` + onDemandMsg +
					"; use the cross-region inference profile ID instead: target bedrock/eu.anthropic.claude-3-5-sonnet-20241022-v2:0"},
		},
		{
			name: "on-demand, foundation-model ARN, apac",
			in: Failure{Status: 400, Type: "ValidationException", Message: onDemandMsg, Region: "ap-northeast-1",
				ModelID: "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Code: "inference_profile_required",
				Message: `bedrock: ValidationException: ` + onDemandMsg +
					"; use the cross-region inference profile ID instead: target bedrock/apac.anthropic.claude-3-5-sonnet-20241022-v2:0"},
		},
		{
			name: "on-demand, unknown geography",
			in:   Failure{Status: 400, Type: "ValidationException", Message: onDemandMsg, Region: "me-central-1", ModelID: "anthropic.claude-x"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Code: "inference_profile_required",
				Message: `bedrock: ValidationException: ` + onDemandMsg +
					"; use a cross-region inference profile such as us.anthropic.claude-x instead (target bedrock/us.anthropic.claude-x)," +
					" with the prefix of the geography of the account's region"},
		},
		{
			name: "on-demand, already a profile",
			in:   Failure{Status: 400, Type: "ValidationException", Message: onDemandMsg, Region: "eu-west-3", ModelID: "us.anthropic.claude-x"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Code: "inference_profile_required",
				Message: `bedrock: ValidationException: ` + onDemandMsg +
					"; model ID us.anthropic.claude-x already names an inference profile: check that the profile exists in eu-west-3" +
					" (aws bedrock list-inference-profiles) and that the account may use it"},
		},
		{
			name: "access denied",
			in: Failure{Status: 403, Type: "AccessDeniedException", Message: deniedMsg, Account: "prod",
				Operation: "bedrock:InvokeModel", Region: "us-east-1", ModelID: "us.anthropic.claude-sonnet-4-20250514-v1:0"},
			want: translate.Error{Status: 403, Type: translate.ErrPermission,
				Message: `bedrock account "prod": the gateway's AWS identity may not call bedrock:InvokeModel on model us.anthropic.claude-sonnet-4-20250514-v1:0 in us-east-1 ` +
					"(AccessDeniedException: User: arn:aws:sts::<account>:assumed-role/<redacted> is not authorized to perform: " +
					"bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:<account>:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0 " +
					"because no identity-based policy allows the bedrock:InvokeModel action); grant it bedrock:InvokeModel on the model " +
					"(for an inference profile, also on the foundation model in each region it routes to), " +
					"and check that access to the model is enabled for the AWS account (Bedrock model access)"},
		},
		{
			name: "access denied, stream operation, model access",
			in: Failure{Status: 403, Type: "accessdeniedexception", Message: "You don't have access to the model with the specified model ID.",
				Operation: "bedrock:InvokeModelWithResponseStream"},
			want: translate.Error{Status: 403, Type: translate.ErrPermission,
				Message: `bedrock: the gateway's AWS identity may not call bedrock:InvokeModelWithResponseStream ` +
					"(accessdeniedexception: You don't have access to the model with the specified model ID.); grant it bedrock:InvokeModelWithResponseStream on the model " +
					"(for an inference profile, also on the foundation model in each region it routes to), " +
					"and check that access to the model is enabled for the AWS account (Bedrock model access)"},
		},
		{
			name: "access denied, rerank",
			in: Failure{Status: 403, Type: "AccessDeniedException", Message: "not authorized to perform: bedrock:Rerank", Account: "prod",
				Operation: OperationRerank, Region: "us-west-2", ModelID: "amazon.rerank-v1:0"},
			want: translate.Error{Status: 403, Type: translate.ErrPermission,
				Message: `bedrock account "prod": the gateway's AWS identity may not call bedrock:Rerank on model amazon.rerank-v1:0 in us-west-2 ` +
					"(AccessDeniedException: not authorized to perform: bedrock:Rerank); grant it bedrock:Rerank, and bedrock:InvokeModel on the model, " +
					"and check that access to the model is enabled for the AWS account (Bedrock model access)"},
		},
		{
			name: "no authorization header",
			in:   Failure{Status: 403, Type: "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/", Message: "Authorization header is missing", Account: "prod"},
			want: translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected",
				Message: `bedrock account "prod": AWS rejected the gateway's credentials for this account (AccessDeniedException: Authorization header is missing); ` +
					"this is a gateway configuration problem, not a problem with your API key"},
		},
		{
			name: "unrecognized client",
			in:   Failure{Status: 403, Type: "UnrecognizedClientException", Message: "The security token included in the request is invalid.", Account: "prod"},
			want: translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected",
				Message: `bedrock account "prod": AWS rejected the gateway's credentials for this account (UnrecognizedClientException: The security token included in the request is invalid.); ` +
					"this is a gateway configuration problem, not a problem with your API key"},
		},
		{
			name: "clock skew",
			in: Failure{Status: 403, Type: "InvalidSignatureException",
				Message: "Signature expired: 20250101T000000Z is now earlier than 20250101T001000Z (20250101T001500Z - 5 min.)", Account: "a"},
			want: translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected",
				Message: `bedrock account "a": AWS rejected the gateway's credentials for this account (InvalidSignatureException: Signature expired: ` +
					"20250101T000000Z is now earlier than 20250101T001000Z (20250101T001500Z - 5 min.)); check the gateway host's clock; " +
					"this is a gateway configuration problem, not a problem with your API key"},
		},
		{
			name: "expired token, coral prefix form",
			in:   Failure{Status: 400, Type: "com.amazon.coral.service#ExpiredTokenException", Message: "The security token included in the request is expired"},
			want: translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected",
				Message: `bedrock: AWS rejected the gateway's credentials for this account (ExpiredTokenException: The security token included in the request is expired); ` +
					"this is a gateway configuration problem, not a problem with your API key"},
		},
		{
			name: "signature mismatch names a key",
			in: Failure{Status: 403, Type: "InvalidSignatureException",
				Message: "The request signature we calculated does not match. Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/bedrock/aws4_request"},
			want: translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected",
				Message: `bedrock: AWS rejected the gateway's credentials for this account (InvalidSignatureException: The request signature we calculated does not match. ` +
					"Credential=<key>/20250101/us-east-1/bedrock/aws4_request); this is a gateway configuration problem, not a problem with your API key"},
		},
		{
			name: "unknown 401",
			in:   Failure{Status: 401, Type: "SomethingNew", Message: "no"},
			want: translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected",
				Message: `bedrock: AWS rejected the gateway's credentials for this account (SomethingNew: no); ` +
					"this is a gateway configuration problem, not a problem with your API key"},
		},
		{
			name: "not found",
			in: Failure{Status: 404, Type: "ResourceNotFoundException", Message: "Model not found.", Account: "prod",
				Region: "us-east-1", ModelID: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"},
			want: translate.Error{Status: 404, Type: translate.ErrNotFound, Code: "model_not_found",
				Message: `bedrock account "prod": model arn:aws:bedrock:us-east-1:<account>:application-inference-profile/abc123 in us-east-1: ResourceNotFoundException: Model not found.`},
		},
		{
			name: "not found, no model",
			in:   Failure{Status: 404, Type: "ResourceNotFoundException"},
			want: translate.Error{Status: 404, Type: translate.ErrNotFound, Code: "model_not_found", Message: `bedrock: ResourceNotFoundException`},
		},
		{
			name: "throttling with retry-after",
			in:   Failure{Status: 429, Type: "ThrottlingException", Message: "Too many requests, please wait before trying again.", Account: "prod", RetryAfter: "7"},
			want: translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "7",
				Message: `bedrock account "prod": ThrottlingException: Too many requests, please wait before trying again.`},
		},
		{
			name: "stream throttling",
			in:   Failure{Type: "throttlingException", Message: "Too many tokens, please wait before trying again."},
			want: translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "2",
				Message: `bedrock: throttlingException: Too many tokens, please wait before trying again.`},
		},
		{
			name: "quota",
			in:   Failure{Status: 400, Type: "ServiceQuotaExceededException", Message: "Your request exceeds the service quota for your account."},
			want: translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "2",
				Message: `bedrock: ServiceQuotaExceededException: Your request exceeds the service quota for your account.`},
		},
		{
			name: "too many requests",
			in:   Failure{Status: 429, Type: "TooManyRequestsException"},
			want: translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "2", Message: `bedrock: TooManyRequestsException`},
		},
		{
			name: "model not ready",
			in:   Failure{Status: 429, Type: "ModelNotReadyException", Message: "Model is not ready for inference.", RetryAfter: " 30 "},
			want: translate.Error{Status: 503, Type: translate.ErrUpstream, RetryAfter: "30", Message: `bedrock: ModelNotReadyException: Model is not ready for inference.`},
		},
		{
			name: "service unavailable",
			in:   Failure{Status: 503, Type: "ServiceUnavailableException", Message: "Bedrock is unable to process your request."},
			want: translate.Error{Status: 503, Type: translate.ErrUpstream, RetryAfter: "2", Message: `bedrock: ServiceUnavailableException: Bedrock is unable to process your request.`},
		},
		{
			name: "model timeout",
			in:   Failure{Status: 408, Type: "ModelTimeoutException", Message: "Model has timed out in processing the request."},
			want: translate.Error{Status: 504, Type: translate.ErrTimeout, Message: `bedrock: ModelTimeoutException: Model has timed out in processing the request.`},
		},
		{
			name: "model error",
			in:   Failure{Status: 424, Type: "ModelErrorException", Message: "The model returned an error."},
			want: translate.Error{Status: 502, Type: translate.ErrUpstream, Message: `bedrock: ModelErrorException: The model returned an error.`},
		},
		{
			name: "stream model error",
			in:   Failure{Type: "modelStreamErrorException", Message: "Stream error"},
			want: translate.Error{Status: 502, Type: translate.ErrUpstream, Message: `bedrock: modelStreamErrorException: Stream error`},
		},
		{
			name: "internal",
			in:   Failure{Status: 500, Type: "InternalServerException", Message: ""},
			want: translate.Error{Status: 502, Type: translate.ErrUpstream, Message: `bedrock: InternalServerException`},
		},
		{
			name: "unknown 4xx",
			in:   Failure{Status: 409, Type: "ConflictException", Message: "conflict"},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Message: `bedrock: ConflictException: conflict`},
		},
		{
			name: "unknown 413",
			in:   Failure{Status: 413, Message: "Request too large"},
			want: translate.Error{Status: 413, Type: translate.ErrInvalidRequest, Message: `bedrock: Request too large`},
		},
		{
			name: "unknown 5xx",
			in:   Failure{Status: 500, Type: "UnknownOperationException"},
			want: translate.Error{Status: 502, Type: translate.ErrUpstream, Message: `bedrock: UnknownOperationException`},
		},
		{
			name: "unknown stream exception",
			in:   Failure{Type: "someNewException", Message: "x"},
			want: translate.Error{Status: 502, Type: translate.ErrUpstream, Message: `bedrock: someNewException: x`},
		},
		{
			name: "nothing known",
			in:   Failure{},
			want: translate.Error{Status: 502, Type: translate.ErrUpstream, Message: `bedrock: Bedrock reported an error`},
		},
		{
			name: "only a status",
			in:   Failure{Status: 500},
			want: translate.Error{Status: 502, Type: translate.ErrUpstream, Message: `bedrock: Bedrock answered HTTP 500`},
		},
		{
			name: "account name quoted",
			in:   Failure{Status: 400, Type: "ValidationException", Message: "m", Account: `we"ird`},
			want: translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Message: `bedrock account "we\"ird": ValidationException: m`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Error(tc.in)
			got.Kind = 0 // TestFailureKinds checks it
			if *got != tc.want {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
			if got.Status == http.StatusUnauthorized {
				t.Error("401 would blame the client's key")
			}
		})
	}
}

// TestFailureKinds: what each Bedrock failure means for routing.
func TestFailureKinds(t *testing.T) {
	for _, tc := range []struct {
		status  int
		typ     string
		message string
		want    translate.FailureKind
	}{
		{400, "ValidationException", "messages: blank text", translate.FailFinal},
		{400, "ValidationException", "Input is too long for requested model.", translate.FailContextWindow},
		{400, "ValidationException", "prompt is too long: 210000 tokens > 200000 maximum", translate.FailContextWindow},
		{400, "ValidationException", "The request was blocked by the guardrail configured for this model.", translate.FailContentPolicy},
		{403, "AccessDeniedException", "not authorized to perform bedrock:InvokeModel", translate.FailFinal},
		{403, "ExpiredTokenException", "The security token included in the request is expired", translate.FailCredentials},
		{403, "UnrecognizedClientException", "The security token included in the request is invalid.", translate.FailCredentials},
		{404, "ResourceNotFoundException", "Model not found", translate.FailFinal},
		{413, "", "too big", translate.FailFinal},
		{429, "ThrottlingException", "Too many requests", translate.FailThrottled},
		{400, "ServiceQuotaExceededException", "quota", translate.FailThrottled},
		{429, "ModelNotReadyException", "loading", translate.FailUnavailable},
		{503, "ServiceUnavailableException", "", translate.FailUnavailable},
		{408, "ModelTimeoutException", "", translate.FailTimeout},
		{424, "ModelErrorException", "", translate.FailUnavailable},
		{500, "InternalServerException", "", translate.FailUnavailable},
		{0, "modelStreamErrorException", "", translate.FailUnavailable},
		{0, "throttlingException", "", translate.FailThrottled},
		{502, "", "", translate.FailUnavailable},
	} {
		if got := Error(Failure{Status: tc.status, Type: tc.typ, Message: tc.message}).Kind; got != tc.want {
			t.Errorf("%d %s %q: kind %d, want %d", tc.status, tc.typ, tc.message, got, tc.want)
		}
	}
}

func TestStreamError(t *testing.T) {
	f := Failure{Status: 200, Type: "x", Message: "y", Account: "prod", RetryAfter: "5"}
	got := StreamError("throttlingException", "slow down", f)
	want := translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "5", Kind: translate.FailThrottled,
		Message: `bedrock account "prod": throttlingException: slow down`}
	if *got != want {
		t.Errorf("got %+v, want %+v", *got, want)
	}
	// Status 0: an unknown exception is the upstream's failure, not a 200.
	if got := StreamError("whatException", "", f); got.Status != http.StatusBadGateway {
		t.Errorf("unknown stream exception: status %d", got.Status)
	}
}

func TestRegionProfilePrefix(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1": "us", "us-west-2": "us", "us-gov-west-1": "us-gov", "us-gov-east-1": "us-gov",
		"eu-central-1": "eu", "eu-west-3": "eu", "ap-northeast-1": "apac", "ap-southeast-2": "apac",
		"ca-central-1": "ca", "me-central-1": "", "sa-east-1": "", "": "", "cn-north-1": "",
	} {
		if got := regionProfilePrefix(region); got != want {
			t.Errorf("regionProfilePrefix(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestModelIDFromMessage(t *testing.T) {
	for msg, want := range map[string]string{
		"Invocation of model ID anthropic.claude-3-5-haiku-20241022-v1:0 with on-demand throughput isn’t supported.": "anthropic.claude-3-5-haiku-20241022-v1:0",
		"Invocation of model ID meta.llama3-3-70b-instruct-v1:0.":                                                    "meta.llama3-3-70b-instruct-v1:0",
		"on-demand throughput isn't supported":                                                                       "",
	} {
		if got := modelIDFromMessage(msg); got != want {
			t.Errorf("modelIDFromMessage(%q) = %q, want %q", msg, got, want)
		}
	}
}
