package translate

import "strings"

// RedactAWS removes from a Bedrock message what identifies the AWS
// account behind the gateway: every 12-digit account ID becomes
// "<account>", the path of an IAM role, user or STS session after
// ":assumed-role/", ":role/", ":user/" or ":federated-user/" becomes
// "<redacted>", and access key and principal IDs (AKIA..., ASIA...,
// AROA..., AIDA...) become "<key>". Model IDs and foundation-model ARNs
// stay readable.
func RedactAWS(s string) string {
	if !awsNeedsRedaction(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
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
				for j < len(s) && !awsPathEnd(s[j]) {
					j++
				}
				if j > i+len(p) {
					b.WriteString("<redacted>")
				}
				i = j
				continue
			}
		case c == 'A' && (i == 0 || !awsKeyChar(s[i-1])) && isAWSKeyID(s[i:]):
			b.WriteString("<key>")
			i += 20
			continue
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
		case c == 'A' && isAWSKeyID(s[i:]):
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

// awsPathEnd reports a byte that ends an IAM path in running text.
func awsPathEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', ',', ';', ')', ']', '}', '>':
		return true
	}
	return false
}

// isAWSKeyID reports whether s starts with an access key or unique
// principal ID: a 4-letter type prefix and 16 uppercase alphanumerics.
func isAWSKeyID(s string) bool {
	if len(s) < 20 {
		return false
	}
	switch s[:4] {
	case "AKIA", "ASIA", "AROA", "AIDA":
	default:
		return false
	}
	for i := 4; i < 20; i++ {
		if c := s[i]; !(awsDigit(c) || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return len(s) == 20 || !awsKeyChar(s[20])
}

func awsKeyChar(c byte) bool { return awsDigit(c) || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }

func awsDigit(c byte) bool { return '0' <= c && c <= '9' }
