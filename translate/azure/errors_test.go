package azure

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

func TestError(t *testing.T) {
	const (
		promptFiltered = `{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":true,"detected":true}}}}}`
		keyRejected    = `{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}`
		tokenRejected  = `{"statusCode":401,"message":"Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}`
		noDeployment   = `{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}`
		throttled      = `{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 6 seconds."}}`
		extraParams    = `{"detail":"Extra parameters ['stream_options'] are not allowed when extra-parameters is not set or set to be 'error'. Set extra-parameters to 'pass-through' to pass to the model."}`
	)
	azure := func(status int, body, retryAfter string) Failure {
		return Failure{Status: status, Body: []byte(body), RetryAfter: retryAfter, Account: "prod", Kind: OpenAI, Deployment: "gpt-4o"}
	}
	ai := func(status int, body string) Failure {
		return Failure{Status: status, Body: []byte(body), Account: "llama", Kind: AI, Deployment: "Meta-Llama-3.1-70B-Instruct"}
	}
	for _, tc := range []struct {
		name string
		in   Failure
		want translate.Error
	}{
		{"prompt content filter", azure(400, promptFiltered, ""), translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Param: "prompt", Code: "content_filter", Kind: translate.FailContentPolicy,
			InnerError: `{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":true,"detected":true}}}`,
			Message:    `azure account "prod": The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.`}},
		{"inner code only", azure(400, `{"error":{"code":"BadRequest","message":"filtered","innererror":{"code":"ResponsibleAIPolicyViolation"}}}`, ""),
			translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Code: "content_filter", Kind: translate.FailContentPolicy, Message: `azure account "prod": filtered`,
				InnerError: `{"code":"ResponsibleAIPolicyViolation"}`}},
		{"context length", azure(400, `{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`, ""),
			translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Param: "messages", Code: "context_length_exceeded", Kind: translate.FailContextWindow,
				Message: `azure account "prod": This model's maximum context length is 128000 tokens.`}},
		{"unsupported parameter", azure(400, `{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}`, ""),
			translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Param: "max_tokens", Code: "unsupported_parameter",
				Message: `azure account "prod": Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.`}},
		{"extra parameters (serverless detail)", ai(400, extraParams), translate.Error{Status: 400, Type: translate.ErrInvalidRequest,
			Message: `azure_ai account "llama": Extra parameters ['stream_options'] are not allowed when extra-parameters is not set or set to be 'error'. Set extra-parameters to 'pass-through' to pass to the model.`}},
		{"validation detail list", ai(422, `{"detail":[{"loc":["body","temperature"],"msg":"ensure this value is less than or equal to 2","type":"value_error"},{"loc":["body",0],"msg":"bad"}]}`),
			translate.Error{Status: 422, Type: translate.ErrInvalidRequest, Message: `azure_ai account "llama": temperature: ensure this value is less than or equal to 2; 0: bad`}},
		{"numeric code dropped", azure(400, `{"error":{"code":"400","message":"Bad thing"}}`, ""),
			translate.Error{Status: 400, Type: translate.ErrInvalidRequest, Message: `azure account "prod": Bad thing`}},
		{"error as string", azure(409, `{"error":"conflict happened"}`, ""),
			translate.Error{Status: 409, Type: translate.ErrInvalidRequest, Message: `azure account "prod": conflict happened`}},
		{"key rejected", azure(401, keyRejected, ""), translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected", Kind: translate.FailCredentials,
			Message: `azure account "prod": Azure rejected the gateway's API key (or Entra token) (Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.); this is a gateway configuration problem, not a problem with your API key`}},
		{"token rejected", azure(401, tokenRejected, ""), translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected", Kind: translate.FailCredentials,
			Message: `azure account "prod": Azure rejected the gateway's API key (or Entra token) (Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.); this is a gateway configuration problem, not a problem with your API key`}},
		{"azure_ai key rejected, empty body", ai(401, ""), translate.Error{Status: 500, Type: translate.ErrServer, Code: "upstream_credentials_rejected", Kind: translate.FailCredentials,
			Message: `azure_ai account "llama": Azure rejected the gateway's API key (Azure answered HTTP 401); this is a gateway configuration problem, not a problem with your API key`}},
		{"permission denied", azure(403, `{"error":{"code":"PermissionDenied","message":"Principal does not have access to API/Operation."}}`, ""),
			translate.Error{Status: 403, Type: translate.ErrPermission,
				Message: `azure account "prod": Azure refused the gateway access (PermissionDenied: Principal does not have access to API/Operation.); check the account's key or the Entra application's role assignment (Cognitive Services OpenAI User) and the resource's network rules; this is a gateway configuration problem, not a problem with your API key`}},
		{"deployment not found", azure(404, noDeployment, ""), translate.Error{Status: 404, Type: translate.ErrNotFound, Code: "model_not_found",
			Message: `azure account "prod": deployment "gpt-4o" not found: DeploymentNotFound: The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.`}},
		{"resource not found", azure(404, `{"error":{"code":"404","message":"Resource not found"}}`, ""), translate.Error{Status: 404, Type: translate.ErrNotFound, Code: "model_not_found",
			Message: `azure account "prod": deployment "gpt-4o" not found: Resource not found (check the account's endpoint and api_version)`}},
		{"azure_ai model not found", ai(404, `{"error":{"code":"unknown_model","message":"Unknown model: llama-9"}}`), translate.Error{Status: 404, Type: translate.ErrNotFound, Code: "model_not_found",
			Message: `azure_ai account "llama": model "Meta-Llama-3.1-70B-Instruct" not found: unknown_model: Unknown model: llama-9 (check the account's endpoint and api_version)`}},
		{"throttled with retry-after", azure(429, throttled, "6"), translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "6", Kind: translate.FailThrottled,
			Message: `azure account "prod": Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 6 seconds.`}},
		{"throttled without retry-after", azure(429, `{"error":{"code":"429","message":"Rate limit is exceeded."}}`, ""), translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "2", Kind: translate.FailThrottled,
			Message: `azure account "prod": Rate limit is exceeded.`}},
		{"timeout 408", azure(408, `{"error":{"code":"Timeout","message":"The operation was timeout."}}`, ""), translate.Error{Status: 504, Type: translate.ErrTimeout, Kind: translate.FailTimeout,
			Message: `azure account "prod": Timeout: The operation was timeout.`}},
		{"timeout 504", azure(504, "<html><body>Gateway Time-out</body></html>", ""), translate.Error{Status: 504, Type: translate.ErrTimeout, Kind: translate.FailTimeout,
			Message: `azure account "prod": Azure answered HTTP 504`}},
		{"unavailable", azure(503, `{"error":{"code":"ServiceUnavailable","message":"The service is temporarily unable to process your request."}}`, "10"),
			translate.Error{Status: 503, Type: translate.ErrUpstream, RetryAfter: "10", Kind: translate.FailUnavailable, Message: `azure account "prod": ServiceUnavailable: The service is temporarily unable to process your request.`}},
		{"unavailable default retry", azure(503, "", ""), translate.Error{Status: 503, Type: translate.ErrUpstream, RetryAfter: "2", Kind: translate.FailUnavailable, Message: `azure account "prod": Azure answered HTTP 503`}},
		{"server error", azure(500, `{"error":{"code":"InternalServerError","message":"The server had an error while processing your request."}}`, ""),
			translate.Error{Status: 502, Type: translate.ErrUpstream, Kind: translate.FailUnavailable, Message: `azure account "prod": InternalServerError: The server had an error while processing your request.`}},
		{"bad gateway text", azure(502, "upstream connect error or disconnect/reset before headers\nmore", ""),
			translate.Error{Status: 502, Type: translate.ErrUpstream, Kind: translate.FailUnavailable, Message: `azure account "prod": upstream connect error or disconnect/reset before headers`}},
		{"stream error event", Failure{Body: []byte(`{"error":{"code":"server_error","message":"boom"}}`), Account: "prod"},
			translate.Error{Status: 502, Type: translate.ErrUpstream, Kind: translate.FailUnavailable, Message: `azure account "prod": server_error: boom`}},
		{"stream throttled", Failure{Body: []byte(`{"error":{"code":"rate_limit_exceeded","message":"slow"}}`), Account: "prod"},
			translate.Error{Status: 429, Type: translate.ErrRateLimit, Code: "rate_limit_exceeded", RetryAfter: "2", Kind: translate.FailThrottled, Message: `azure account "prod": rate_limit_exceeded: slow`}},
		{"no account", Failure{Status: 500}, translate.Error{Status: 502, Type: translate.ErrUpstream, Kind: translate.FailUnavailable, Message: `azure: Azure answered HTTP 500`}},
		{"empty stream error", Failure{Body: []byte(`{"error":{}}`), Kind: AI, Account: "a"},
			translate.Error{Status: 502, Type: translate.ErrUpstream, Kind: translate.FailUnavailable, Message: `azure_ai account "a": Azure reported an error`}},
		{"413", azure(413, `{"error":{"code":"RequestEntityTooLarge","message":"too big"}}`, ""),
			translate.Error{Status: 413, Type: translate.ErrInvalidRequest, Code: "RequestEntityTooLarge", Message: `azure account "prod": too big`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Error(tc.in)
			if *got != tc.want {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestErrorBounded(t *testing.T) {
	long := strings.Repeat("é", 2000)
	e := Error(Failure{Status: 400, Body: []byte(`{"error":{"message":"` + long + `"}}`)})
	if len(e.Message) > maxMessage+64 || !strings.HasSuffix(e.Message, "…") {
		t.Errorf("message of %d bytes: %q", len(e.Message), e.Message[len(e.Message)-10:])
	}
	e = Error(Failure{Status: 502, Body: []byte(strings.Repeat("x", 5000))})
	if len(e.Message) > 300 {
		t.Errorf("plain text message of %d bytes", len(e.Message))
	}
}

// FuzzError checks that any reply becomes a well-formed error, and
// that no credential a proxy in front of Azure echoes reaches the client:
// an api-key or a bearer token, written the way such a proxy writes it,
// is embedded in fuzzed text placed where Azure's replies carry text, and
// no piece of it of 8 characters or more may appear in the client's JSON
// unless it also appears when the secret is swapped for another of the
// same shape (the text around it holds that piece then).
func FuzzError(f *testing.F) {
	f.Add(400, []byte(`{"error":{"code":"content_filter","message":"x","innererror":{"code":"ResponsibleAIPolicyViolation"}}}`), "request had ", " and failed", uint8(0), uint8(0), "0123456789abcdef0123456789abcdef")
	f.Add(422, []byte(`{"detail":[{"loc":["body",1],"msg":"m"}]}`), "", "", uint8(4), uint8(5), "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln")
	f.Add(0, []byte(`{"error":"s"}`), "headers: {", "}", uint8(8), uint8(7), "")
	f.Add(502, []byte("upstream connect error"), "", "", uint8(6), uint8(9), "x")
	f.Fuzz(func(t *testing.T, status int, body []byte, pre, post string, form, place uint8, raw string) {
		e := Error(Failure{Status: status, Body: body, Account: "a"})
		if e.Status < 400 || e.Status > 599 || e.Type == "" || e.Message == "" {
			t.Fatalf("error %+v", e)
		}

		secret := translatetest.FuzzedFrom(raw, credentialChars, 16, 300)
		echo := func(secret string) []byte {
			return echoedAzureBody(place, pre+echoedCredential(form, secret)+post)
		}
		out := Error(Failure{Status: status, Body: echo(secret), Account: "a"}).AppendJSON(nil)
		ref := Error(Failure{Status: status, Body: echo(translatetest.Rot(secret)), Account: "a"}).AppendJSON(nil)
		if piece := translatetest.LeakedPiece(string(out), string(ref), secret); piece != "" {
			t.Fatalf("%q of the secret %q reaches the client:\n%s\nfrom\n%s", piece, secret, out, echo(secret))
		}
	})
}

// credentialChars are those of API keys and JWTs (base64url and dots),
// with the other characters of RFC 7235's token68.
const credentialChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"

// echoedCredential writes a credential the way a proxy echoing a request
// might: as a header line, a query parameter, a JSON or Python dict entry.
func echoedCredential(form uint8, secret string) string {
	return [...]string{
		"api-key: " + secret,
		"api-key=" + secret + "&api-version=2024-10-21",
		`{"api-key": "` + secret + `"}`,
		`{'api-key': '` + secret + `'}`,
		"Authorization: Bearer " + secret,
		`{"Authorization": "Bearer ` + secret + `"}`,
		"Bearer " + secret,
		"Ocp-Apim-Subscription-Key: " + secret,
		`{'Authorization': 'Bearer ` + secret + `', 'Host': 'x'}`,
		"x-api-key:" + secret,
	}[int(form)%10]
}

// echoedAzureBody places text where Azure's error replies carry text: a
// message, code, param, inner error, serverless detail, an API
// management message, or a body that is not JSON at all.
func echoedAzureBody(place uint8, text string) []byte {
	q, _ := json.Marshal(text)
	switch place % 10 {
	case 0:
		return []byte(`{"error":{"code":"BadRequest","message":` + string(q) + `}}`)
	case 1:
		return []byte(`{"error":{"code":"BadRequest","message":"m","innererror":{"code":"x","message":` + string(q) + `}}}`)
	case 2:
		return []byte(`{"error":{"code":` + string(q) + `,"message":"m"}}`)
	case 3:
		return []byte(`{"error":{"message":"m","param":` + string(q) + `}}`)
	case 4:
		return []byte(`{"detail":` + string(q) + `}`)
	case 5:
		return []byte(`{"detail":[{"loc":["body",` + string(q) + `],"msg":` + string(q) + `}]}`)
	case 6:
		return []byte(`{"error":` + string(q) + `}`)
	case 7:
		return []byte(`{"statusCode":401,"message":` + string(q) + `}`)
	case 8:
		return []byte(`{"error":{"message":"` + text + `"}}`) // not always JSON
	}
	return []byte(text)
}
