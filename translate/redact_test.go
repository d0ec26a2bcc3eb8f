package translate

import "testing"

func TestRedactCredentials(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	const jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZXNlcnZpY2VzIn0.c2lnbmF0dXJl-_"
	for i, tc := range []struct{ in, want string }{
		{"", ""},
		{"Access denied due to invalid subscription key or wrong API endpoint.", "Access denied due to invalid subscription key or wrong API endpoint."},
		{"Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired.", "Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired."},
		{"Authorization header is missing; Bearer token is invalid; the api-key header is wrong", "Authorization header is missing; Bearer token is invalid; the api-key header is wrong"},
		{"api-key: " + key, "api-key: [REDACTED]"},
		{"API-KEY=" + key + "&x=1", "API-KEY=[REDACTED]&x=1"},
		{`{"api-key": "` + key + `", "x": 1}`, `{"api-key": "[REDACTED]", "x": 1}`},
		{`{'api-key': '` + key + `'}`, `{'api-key': '[REDACTED]'}`},
		{`{\"api-key\":\"` + key + `\"}`, `{\"api-key\":\"[REDACTED]\"}`},
		{`"headers":{"api-key":["` + key + `"]}`, `"headers":{"api-key":["[REDACTED]"]}`},
		{"x-api-key:" + key, "x-api-key:[REDACTED]"},
		{"Ocp-Apim-Subscription-Key: " + key + "\nHost: x", "Ocp-Apim-Subscription-Key: [REDACTED]\nHost: x"},
		{"Authorization: Bearer " + jwt, "Authorization: Bearer [REDACTED]"},
		{"authorization: bearer short", "authorization: bearer [REDACTED]"},
		{"Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic [REDACTED]"},
		{"Authorization: " + key, "Authorization: [REDACTED]"},
		{"token Bearer " + jwt + " was rejected", "token Bearer [REDACTED] was rejected"},
		{"BEARER\t" + jwt, "BEARER\t[REDACTED]"},
		{"access_token=" + jwt + ", client_secret=" + key, "access_token=[REDACTED], client_secret=[REDACTED]"},
		{"api-key: " + key + " api-key: " + key, "api-key: [REDACTED] api-key: [REDACTED]"},
		{"api-key:", "api-key:"},
		{"api-key=api-key: " + key, "api-key=[REDACTED]: [REDACTED]"},
		{"Bearer Bearer " + jwt, "Bearer Bearer [REDACTED]"},
		{`{"api-key":"abc\/def+g=="}`, `{"api-key":"[REDACTED]"}`},
	} {
		if got := RedactCredentials(tc.in); got != tc.want {
			t.Errorf("%d: RedactCredentials(%q)\n got %q\nwant %q", i, tc.in, got, tc.want)
		}
	}
}

func TestRedactCredentialsNoAllocation(t *testing.T) {
	msg := "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit. Bearer token and api-key header are fine."
	if n := testing.AllocsPerRun(100, func() { _ = RedactCredentials(msg) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
