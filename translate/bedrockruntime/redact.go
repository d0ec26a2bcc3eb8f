package bedrockruntime

import "strings"

// RedactAWS removes from a Bedrock message what identifies the AWS
// account behind the gateway: every 12-digit account ID becomes
// "<account>", the path of an IAM role, user or STS session after
// ":assumed-role/", ":role/", ":user/" or ":federated-user/" becomes
// "<redacted>", and a run of uppercase letters and digits that holds an
// access key or unique principal ID (AKIA..., ASIA..., AROA..., AIDA...,
// see awsIDPrefixes) becomes "<key>". Model IDs and foundation-model ARNs
// stay readable. It errs on the side of hiding: a key glued to other
// letters or digits takes them with it, and a name whose end is unclear
// is redacted to the next space. Text with nothing to redact is returned
// as it is, without allocating.
func RedactAWS(s string) string {
	if !awsNeedsRedaction(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		// A key ID is found in the run of key characters it stands in,
		// whatever it is glued to, and the whole run goes: a key ID has no
		// delimiter of its own.
		if awsKeyChar(c) && (i == 0 || !awsKeyChar(s[i-1])) {
			if j := awsKeyRunEnd(s, i); hasAWSID(s[i:j]) {
				b.WriteString("<key>")
				i = j
				continue
			}
		}
		switch {
		case awsDigit(c) && (i == 0 || !awsDigit(s[i-1])):
			j := i
			for j < len(s) && awsDigit(s[j]) {
				j++
			}
			if j-i == 12 {
				b.WriteString("<account>")
			} else {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		case c == ':':
			if p := awsPrincipalPrefix(s[i:]); p != "" {
				b.WriteString(p)
				j := i + len(p)
				for j < len(s) && !awsPathEnd(s, j) {
					j++
				}
				if j > i+len(p) {
					b.WriteString("<redacted>")
				}
				i = j
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// awsNeedsRedaction is a quick scan so that the common message without digits
// or ARNs is returned as is.
func awsNeedsRedaction(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case awsDigit(c):
			run++
			if run == 12 {
				return true
			}
			continue
		case c == ':' && awsPrincipalPrefix(s[i:]) != "":
			return true
		case c == 'A' && isAWSIDAt(s, i):
			return true
		}
		run = 0
	}
	return false
}

func awsPrincipalPrefix(s string) string {
	for _, p := range [...]string{":assumed-role/", ":role/", ":user/", ":federated-user/"} {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}

// awsPathEnd reports whether s[i] ends an IAM path in running text. IAM
// names may hold commas, so a comma ends one only before a space or at
// the end of the text.
func awsPathEnd(s string, i int) bool {
	switch s[i] {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', ';', ')', ']', '}', '>':
		return true
	case ',':
		return i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' || s[i+1] == '\n' || s[i+1] == '\r'
	}
	return false
}

// awsIDPrefixes are the four letters that start IAM unique IDs: access
// keys (AKIA, ASIA), users, roles, groups, instance profiles, policies,
// public keys, bearer tokens and certificates.
var awsIDPrefixes = [...]string{"AKIA", "ASIA", "AROA", "AIDA", "AGPA", "AIPA", "ANPA", "ANVA", "APKA", "ABIA", "ACCA", "ASCA"}

// awsIDLen is the length of an access key ID: a prefix and 16 characters.
const awsIDLen = 20

// isAWSIDAt reports whether an access key or unique ID starts at s[i]: a
// known prefix and 16 more key characters.
func isAWSIDAt(s string, i int) bool {
	if len(s)-i < awsIDLen {
		return false
	}
	prefix := false
	for _, p := range awsIDPrefixes {
		if s[i:i+4] == p {
			prefix = true
			break
		}
	}
	if !prefix {
		return false
	}
	for k := i + 4; k < i+awsIDLen; k++ {
		if !awsKeyChar(s[k]) {
			return false
		}
	}
	return true
}

// hasAWSID reports whether a run of key characters holds an ID.
func hasAWSID(run string) bool {
	for i := 0; i+awsIDLen <= len(run); i++ {
		if run[i] == 'A' && isAWSIDAt(run, i) {
			return true
		}
	}
	return false
}

func awsKeyRunEnd(s string, i int) int {
	for i < len(s) && awsKeyChar(s[i]) {
		i++
	}
	return i
}

// awsKeyChar reports the characters of access key IDs.
func awsKeyChar(c byte) bool { return awsDigit(c) || 'A' <= c && c <= 'Z' }

func awsDigit(c byte) bool { return '0' <= c && c <= '9' }
