package bedrockruntime

import (
	"fmt"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/translatetest"
)

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
		// A key ID has no delimiter of its own: glued to anything, it goes
		// with the run of capitals and digits it stands in.
		{"AKIAIOSFODNN7EXAMPLEX and xAKIAIOSFODNN7EXAMPLE go", "<key> and x<key> go"},
		{"AAKIAIOSFODNN7EXAMPLE, XYZASIAY34FZKBOKMUTVV7A.", "<key>, <key>."},
		{"AKIAIOSFODNN7EXAMPLE123456789012/20240101", "<key>/20240101"},
		{"group AGPAJ2UCCR6DPCEXAMPLE, profile AIPAJ2UCCR6DPCEXAMPLE", "group <key>, profile <key>"},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ and AKIA1234 stay", "ABCDEFGHIJKLMNOPQRSTUVWXYZ and AKIA1234 stay"},
		// IAM names may hold commas: a comma ends one only before a space.
		{"arn:aws:iam::210987654321:role/a,b,c is", "arn:aws:iam::<account>:role/<redacted> is"},
		{"arn:aws:iam::210987654321:user/x,", "arn:aws:iam::<account>:user/<redacted>,"},
		{"arn:aws-us-gov:sts::210987654321:assumed-role/R/s@x.org.", "arn:aws-us-gov:sts::<account>:assumed-role/<redacted>"},
		{"(arn:aws-cn:iam::210987654321:user/Bob)", "(arn:aws-cn:iam::<account>:user/<redacted>)"},
		{"AKIA short", "AKIA short"},
		{"héllo 123456789012 ✓", "héllo <account> ✓"},
	} {
		if got := RedactAWS(tc.in); got != tc.want {
			t.Errorf("RedactAWS(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// FuzzRedactAWS embeds an IAM or STS principal ARN, an access key ID and
// an account ID in fuzzed text (at the start, the end, glued to words or
// punctuation) and checks that no part of them survives redaction: no
// piece of 8 characters or more (the whole of a shorter name) of the
// account, the principal's names or the key may appear in the output,
// unless the same piece appears when the secrets are swapped for others of
// the same shape, in which case the text around them holds it.
// TestRedactAWSNoAllocation: a message with nothing to redact, the common
// case, costs no allocation.
func TestRedactAWSNoAllocation(t *testing.T) {
	msg := "Malformed input request: #/messages/1/content: expected type: JSONArray, found: String, please reformat your input and try again. AKIA and 12345"
	if n := testing.AllocsPerRun(100, func() { _ = RedactAWS(msg) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

func FuzzRedactAWS(f *testing.F) {
	f.Add("User: ", " is not authorized; key ", " used by account", uint8(0), uint8(2), uint8(0), uint64(123456789012), "MyRole", "i-0abc", "IOSFODNN7EXAMPLE")
	f.Add("", "", "", uint8(1), uint8(0), uint8(1), uint64(210987654321), "Gateway,x", "service-role", "Y34FZKBOKMUTVV7A")
	f.Add("x", "y", "z", uint8(2), uint8(3), uint8(5), uint64(1), "alice@example.com", "", "")
	f.Add("Role ", " with key ", ".", uint8(0), uint8(1), uint8(1), uint64(999999999999), "Gateway,BackendService", "", "Y34FZKBOKMUTVV7A")
	f.Fuzz(func(t *testing.T, pre, mid, post string, partition, kind, keyKind uint8, account uint64, name, path, key string) {
		secrets := awsSecrets(partition, kind, keyKind, account, name, path, key)
		masked := secrets.masked()
		got := RedactAWS(secrets.embed(pre, mid, post))
		ref := RedactAWS(masked.embed(pre, mid, post))
		for _, s := range secrets.all() {
			if piece := translatetest.LeakedPiece(got, ref, s); piece != "" {
				t.Fatalf("%q of %q survives in\n%q\nfrom\n%q", piece, s, got, secrets.embed(pre, mid, post))
			}
		}
		// And no 12-digit run, which is how account IDs are written.
		run := 0
		for i := 0; i <= len(got); i++ {
			if i < len(got) && awsDigit(got[i]) {
				run++
				continue
			}
			if run == 12 {
				t.Fatalf("account id left in %q", got)
			}
			run = 0
		}
	})
}

// fuzzedAWSSecrets are the secrets FuzzRedactAWS embeds.
type fuzzedAWSSecrets struct {
	partition, kind string
	account, key    string
	path, name      string // path is a role's path, or an assumed role's session
}

var awsPartitions = []string{"aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b"}

// awsKeyPrefixes are the unique-ID prefixes of IAM access keys and principals.
var awsKeyPrefixes = []string{"AKIA", "ASIA", "AROA", "AIDA", "AGPA", "AIPA", "ANPA", "ANVA", "APKA", "ABIA", "ACCA", "ASCA"}

// awsSecrets builds the secrets from fuzzed values, each in the shape AWS
// gives it: names from IAM's character set, a key from the uppercase
// alphanumerics, an account of 12 digits.
func awsSecrets(partition, kind, keyKind uint8, account uint64, name, path, key string) fuzzedAWSSecrets {
	const iamChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+=,.@_-"
	const keyChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	s := fuzzedAWSSecrets{
		partition: awsPartitions[int(partition)%len(awsPartitions)],
		kind:      []string{"assumed-role", "role", "user", "federated-user"}[kind%4],
		account:   fmt.Sprintf("%012d", account%1e12),
		key:       awsKeyPrefixes[int(keyKind)%len(awsKeyPrefixes)] + translatetest.FuzzedFrom(key+"QZ7XWV2KRT5MPL3N", keyChars, 16, 16),
		name:      translatetest.FuzzedFrom(name, iamChars, 1, 64),
	}
	switch s.kind {
	case "assumed-role":
		s.path = translatetest.FuzzedFrom(path, iamChars, 1, 64)
	case "role":
		s.path = translatetest.FuzzedFrom(path, iamChars, 0, 32)
	}
	return s
}

func (s fuzzedAWSSecrets) arn() string {
	service := "iam"
	if s.kind == "assumed-role" || s.kind == "federated-user" {
		service = "sts"
	}
	arn := "arn:" + s.partition + ":" + service + "::" + s.account + ":" + s.kind + "/"
	switch {
	case s.kind == "assumed-role":
		return arn + s.name + "/" + s.path // role/session
	case s.path != "":
		return arn + s.path + "/" + s.name
	}
	return arn + s.name
}

// embed puts the secrets into fuzzed text: the ARN, then the key, then the
// account on its own, with nothing between them and the text but where a
// digit would make the account a longer number.
func (s fuzzedAWSSecrets) embed(pre, mid, post string) string {
	text := pre + s.arn() + mid + s.key
	if awsDigit(text[len(text)-1]) {
		text += " "
	}
	text += s.account
	if len(post) > 0 && awsDigit(post[0]) {
		text += " "
	}
	return text + post
}

// masked swaps each secret for another of the same shape: digits for
// digits, letters for letters of the same case, the rest and the key's
// type prefix kept, so redaction sees the same structure.
func (s fuzzedAWSSecrets) masked() fuzzedAWSSecrets {
	s.account, s.key, s.path, s.name = translatetest.Rot(s.account), s.key[:4]+translatetest.Rot(s.key[4:]), translatetest.Rot(s.path), translatetest.Rot(s.name)
	return s
}

func (s fuzzedAWSSecrets) all() []string {
	all := []string{s.account, s.key, s.name}
	if s.path != "" {
		all = append(all, s.path)
	}
	return all
}
