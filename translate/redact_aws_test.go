package translate

import "testing"

func TestRedactAWS(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Malformed input request, please reformat your input and try again.", "Malformed input request, please reformat your input and try again."},
		{
			"User: arn:aws:sts::123456789012:assumed-role/MyRole/i-abc is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x",
			"User: arn:aws:sts::<account>:assumed-role/<redacted> is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:<account>:inference-profile/us.x",
		},
		{"arn:aws:iam::210987654321:role/service-role/path/Gateway, then", "arn:aws:iam::<account>:role/<redacted>, then"},
		{"arn:aws:iam::210987654321:user/alice@example.com is not", "arn:aws:iam::<account>:user/<redacted> is not"},
		{"arn:aws:sts::210987654321:federated-user/bob)", "arn:aws:sts::<account>:federated-user/<redacted>)"},
		{`"arn:aws:iam::210987654321:role/X"`, `"arn:aws:iam::<account>:role/<redacted>"`},
		{"arn:aws:iam::210987654321:role/", "arn:aws:iam::<account>:role/"},
		{
			"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
			"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
		},
		{"account 123456789012.", "account <account>."},
		{"123456789012", "<account>"},
		{"ids 1234567890123 and 12345678901 stay", "ids 1234567890123 and 12345678901 stay"},
		{"roles alternate user/assistant; role/x", "roles alternate user/assistant; role/x"},
		{"key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A, role AROA3XFRBF535PLBIFPI", "key <key> and <key>, role <key>"},
		{"AKIAIOSFODNN7EXAMPLEX and xAKIAIOSFODNN7EXAMPLE stay", "AKIAIOSFODNN7EXAMPLEX and xAKIAIOSFODNN7EXAMPLE stay"},
		{"AKIA short", "AKIA short"},
		{"héllo 123456789012 ✓", "héllo <account> ✓"},
	} {
		if got := RedactAWS(tc.in); got != tc.want {
			t.Errorf("RedactAWS(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzRedactAWS(f *testing.F) {
	f.Add("User: arn:aws:sts::123456789012:assumed-role/MyRole/i-abc is not authorized")
	f.Add("AKIAIOSFODNN7EXAMPLE")
	f.Fuzz(func(t *testing.T, s string) {
		got := RedactAWS(s)
		// No 12-digit run survives.
		run := 0
		for i := 0; i < len(got); i++ {
			if awsDigit(got[i]) {
				run++
				continue
			}
			if run == 12 {
				t.Fatalf("account id left in %q", got)
			}
			run = 0
		}
		if run == 12 {
			t.Fatalf("account id left in %q", got)
		}
	})
}
